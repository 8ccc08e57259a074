import type { Category } from '../../articles/index.js';
import type { Subscriber } from '../../subscribers/index.js';
import { escapeHtml, messagePage, page, problemList } from './layout.js';
import { categoryFieldset, frequencyFieldset, timezoneField } from './subscribe-form.js';
import type { SiteText } from './subscription.js';

/** The one-button page behind an unsubscribe link; the button is the one-click POST. */
export function unsubscribePage(site: SiteText, subscriber: Subscriber, token: string): string {
  const action = `/unsubscribe?token=${encodeURIComponent(token)}`;
  const active = subscriber.status === 'pending' || subscriber.status === 'confirmed';
  const body = active
    ? `<h1>Unsubscribe</h1>
<p>Stop sending ${escapeHtml(site.siteName)} to <strong>${escapeHtml(subscriber.email)}</strong>?</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>
<p>To keep your subscription, just close this page.</p>`
    : `<h1>Unsubscribed</h1>
<p><strong>${escapeHtml(subscriber.email)}</strong> receives nothing from ${escapeHtml(site.siteName)}.</p>
<p>Changed your mind? <a href="/subscribe">Subscribe again</a>; you will be asked to confirm.</p>`;
  return page({ ...site, title: 'Unsubscribe', body: `<div class="message">${body}</div>` });
}

export function unsubscribedPage(site: SiteText): string {
  return messagePage(
    site,
    'You are unsubscribed',
    [
      `Done: you will receive no more emails from ${escapeHtml(site.siteName)}. A digest already on its way may still arrive.`,
    ],
    {
      heading: 'Changed your mind?',
      steps: [
        '<a href="/subscribe">Subscribe again</a>; you will be asked to confirm your address.',
        'Or keep reading <a href="/">on the site</a> and in your feed reader, no email needed.',
      ],
    },
  );
}

export interface PreferencesView {
  subscriber: Subscriber;
  token: string;
  categories: readonly Category[];
  problems?: readonly string[];
  saved?: boolean;
  /** Shown instead of the stored choices when a submission had problems. */
  values?: { categories: readonly string[]; frequency?: string };
}

export function preferencesPage(site: SiteText, view: PreferencesView): string {
  const { subscriber } = view;
  const action = escapeHtml(`/preferences?token=${encodeURIComponent(view.token)}`);
  if (subscriber.status === 'complained') {
    // Reported as spam: no link to subscribe again, which would mail them a confirmation.
    return messagePage(site, 'Your preferences', [
      `<strong>${escapeHtml(subscriber.email)}</strong> is not subscribed, and is sent nothing more.`,
    ]);
  }
  if (subscriber.status === 'unsubscribed' || subscriber.status === 'bounced') {
    return messagePage(site, 'Your preferences', [
      `<strong>${escapeHtml(subscriber.email)}</strong> is not subscribed${subscriber.status === 'bounced' ? ': mail to it could not be delivered' : ''}.`,
      'To receive emails again, <a href="/subscribe">subscribe again</a>; you will be asked to confirm.',
    ]);
  }
  const values = view.values ?? subscriber;
  const saved = view.saved ? '<p class="notice" role="status">Your preferences are saved.</p>' : '';
  const pending =
    subscriber.status === 'pending'
      ? '<p class="notice">This address is not confirmed yet: open the link in the confirmation email to start receiving emails.</p>'
      : '';
  const body = `<h1>Your preferences</h1>
${saved}${pending}
<p>For <strong>${escapeHtml(subscriber.email)}</strong>.</p>
<form method="post" action="${action}">
${problemList(view.problems ?? [])}
${categoryFieldset(view.categories, values.categories)}
${frequencyFieldset(values.frequency)}
${timezoneField(subscriber.timezone, site.timezone)}
<div class="actions">
<button type="submit" name="action" value="save">Save preferences</button>
<button type="submit" name="action" value="unsubscribe" class="secondary">Unsubscribe</button>
</div>
</form>`;
  return page({ ...site, title: 'Your preferences', body });
}
