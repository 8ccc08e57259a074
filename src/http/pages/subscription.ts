import type { Category } from '../../articles/index.js';
import { escapeHtml, messagePage, page, problemList } from './layout.js';
import { type SubscribeFormOptions, subscribeForm } from './subscribe-form.js';

export interface SiteText {
  siteName: string;
  language: string;
}

export function subscribePage(
  site: SiteText,
  categories: readonly Category[],
  options: SubscribeFormOptions = {},
): string {
  const body = `<h1>Subscribe to ${escapeHtml(site.siteName)}</h1>
<p>Get the latest articles by email, daily or weekly. You can change that or leave at any time, from a link in every email.</p>
${subscribeForm(categories, options)}
<p>Already subscribed? <a href="/manage">Get a link to your preferences</a>.</p>`;
  return page({ ...site, title: 'Subscribe', body });
}

/** The same words whatever the address's state, so the answer tells nobody who subscribes. */
export function subscribeAcceptedPage(site: SiteText): string {
  return messagePage(site, 'Check your inbox', [
    'We have sent a message to the address you gave. Open the link in it to confirm your subscription; it works for 7 days.',
    'If you were already subscribed, the message has a link to change your preferences instead.',
    'Nothing arrived after a few minutes? Check your spam folder, or <a href="/subscribe">try again</a>.',
  ]);
}

/**
 * What a confirmation link opens: the choices and a button. The button's POST confirms, never
 * the GET: mail scanners open every link of a message before the reader does.
 */
export function confirmPage(site: SiteText, subscriber: { email: string }, token: string): string {
  const action = `/confirm?token=${encodeURIComponent(token)}`;
  const body = `<h1>Confirm your subscription</h1>
<p>Send ${escapeHtml(site.siteName)} to <strong>${escapeHtml(subscriber.email)}</strong>?</p>
<form method="post" action="${escapeHtml(action)}">
<button type="submit">Confirm my subscription</button>
</form>
<p>If you did not ask for this, just close this page: nothing will be sent.</p>`;
  return page({ ...site, title: 'Confirm your subscription', body });
}

export function confirmedPage(site: SiteText, already: boolean): string {
  return messagePage(site, already ? 'Already confirmed' : 'Subscription confirmed', [
    already
      ? 'This address was already confirmed: nothing has changed.'
      : `Thank you: you will receive ${escapeHtml(site.siteName)} by email. Every email has a link to change your preferences or unsubscribe.`,
    '<a href="/">Back to the site</a>',
  ]);
}

export type LinkProblem = 'invalid' | 'expired' | 'stale';

/** A link that is not (or no longer) good; never says which part was wrong. */
export function badLinkPage(site: SiteText, problem: LinkProblem): string {
  const reason = {
    invalid:
      'This link is not valid. Please use the whole link from the email, or ask for a new one.',
    expired: 'This confirmation link has expired (links work for 7 days).',
    stale:
      'This confirmation link was sent before the address was unsubscribed, so it no longer confirms it.',
  }[problem];
  return messagePage(site, 'This link does not work', [
    escapeHtml(reason),
    'To get a new link, <a href="/subscribe">subscribe again</a> or <a href="/manage">ask for a link to your preferences</a>.',
  ]);
}

export function managePage(site: SiteText, options: { email?: string; problems?: string[] } = {}) {
  const problems = options.problems ?? [];
  const described = problems.length > 0 ? ' aria-describedby="problems"' : '';
  const body = `<h1>Change your subscription</h1>
<p>Enter your address and we will email you a link to change your preferences or unsubscribe.</p>
<form method="post" action="/manage">
${problemList(problems)}
<label for="manage-email">Email address</label>
<input type="email" id="manage-email" name="email" required autocomplete="email" maxlength="254" value="${escapeHtml(options.email ?? '')}"${described}>
<button type="submit">Email me a link</button>
</form>`;
  return page({ ...site, title: 'Change your subscription', body });
}

export function manageAcceptedPage(site: SiteText): string {
  return messagePage(site, 'Check your inbox', [
    'If that address is subscribed, a message with a link to your preferences is on its way.',
  ]);
}
