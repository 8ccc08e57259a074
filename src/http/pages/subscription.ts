import type { Category } from '../../articles/index.js';
import { escapeHtml, messagePage, page, problemList } from './layout.js';
import { type SubscribeFormOptions, subscribeForm } from './subscribe-form.js';

export interface SiteText {
  siteName: string;
  language: string;
  /** The site's zone, named where a page offers it. */
  timezone?: string;
}

export function subscribePage(
  site: SiteText,
  categories: readonly Category[],
  options: SubscribeFormOptions = {},
): string {
  const body = `<h1>Subscribe to ${escapeHtml(site.siteName)}</h1>
<p class="lede">The latest articles by email, daily or weekly: every category, or only those you tick. Change that or leave at any time, from a link in every email.</p>
${subscribeForm(categories, { ...(site.timezone ? { siteZone: site.timezone } : {}), ...options })}
<p>Already subscribed? <a href="/manage">Get a link to your preferences</a>.</p>`;
  return page({ ...site, title: 'Subscribe', body });
}

/** The same words whatever the address's state, so the answer tells nobody who subscribes. */
export function subscribeAcceptedPage(site: SiteText): string {
  return messagePage(
    site,
    'Check your inbox',
    [
      'Almost done: we have sent a message to the address you gave, to make sure it is yours. You are not subscribed until you confirm.',
    ],
    {
      steps: [
        `Open the email from ${escapeHtml(site.siteName)} (its subject starts "Confirm").`,
        'Follow the link in it to confirm; it works for 7 days.',
        'Your first digest comes at the next daily or weekly digest time you chose.',
      ],
      note: 'Already subscribed? The message has a link to your preferences instead. Nothing after a few minutes? Look in your spam folder, or <a href="/subscribe">try again</a>.',
    },
  );
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
  const name = escapeHtml(site.siteName);
  if (already) {
    return messagePage(
      site,
      'Already confirmed',
      ['This address was already confirmed: nothing has changed, and your digests keep coming.'],
      { steps: ['<a href="/">Read the latest articles</a> while you wait for the next digest.'] },
    );
  }
  return messagePage(
    site,
    'Subscription confirmed',
    [`Thank you: you are subscribed to ${name}.`],
    {
      steps: [
        'Your first digest arrives at the next daily or weekly digest time you chose, with what is new since.',
        'Every digest has links to change your categories and how often, or to unsubscribe in one click.',
        '<a href="/">Read the latest articles</a> in the meantime.',
      ],
    },
  );
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
  return messagePage(site, 'This link does not work', [escapeHtml(reason)], {
    heading: 'What you can do',
    steps: [
      '<a href="/subscribe">Subscribe again</a>: we send a new confirmation link.',
      'Or <a href="/manage">ask for a link to your preferences</a>, if you are already subscribed.',
    ],
  });
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
  return messagePage(
    site,
    'Check your inbox',
    ['If that address is subscribed, a message with a link to your preferences is on its way.'],
    {
      steps: [
        'Open the email and follow its link (it works for 7 days).',
        'Change your categories or how often, or unsubscribe, on the page it opens.',
      ],
    },
  );
}
