import { confirmLink, subscriberLinks } from './links.js';
import type { Tokens } from './tokens.js';
import type { NoticeKind } from './transitions.js';
import type { Notice, RenderTemplate, Subscriber } from './types.js';

export interface NoticeSite {
  siteUrl: string;
  siteName: string;
  /** Display names of category slugs (unknown slugs are shown as they are). */
  categoryName(slug: string): string;
}

/**
 * The confirmation email (`templates/confirm.*`) or the preferences-link email
 * (`templates/manage.*`) for one subscriber, rendered from the templates.
 */
export async function buildNotice(
  kind: NoticeKind,
  subscriber: Subscriber,
  site: NoticeSite,
  tokens: Tokens,
  render: RenderTemplate,
  now: Date,
): Promise<Notice> {
  const links = subscriberLinks(site.siteUrl, tokens, subscriber.id, now);
  const data = {
    siteName: site.siteName,
    siteUrl: site.siteUrl,
    email: subscriber.email,
    frequency: subscriber.frequency,
    allCategories: subscriber.categories.length === 0,
    categories: subscriber.categories.map((slug) => site.categoryName(slug)),
    confirmUrl: kind === 'confirm' ? confirmLink(site.siteUrl, tokens, subscriber.id, now) : null,
    preferencesUrl: links.preferences,
    unsubscribeUrl: links.unsubscribe,
    confirmDays: 7,
  };
  const { html, text } = await render(kind, data);
  const subject =
    kind === 'confirm'
      ? `Confirm your subscription to ${site.siteName}`
      : `Your ${site.siteName} subscription`;
  return { to: subscriber.email, subject, html, text };
}
