import { FEED_FORMATS, type FeedFormat, feedPath } from '../../feeds/index.js';
import { type Html, html } from './html.js';

const LABELS: Record<FeedFormat, { label: string; type: string }> = {
  rss: { label: 'RSS', type: 'application/rss+xml' },
  atom: { label: 'Atom', type: 'application/atom+xml' },
  json: { label: 'JSON Feed', type: 'application/feed+json' },
};

/** Autodiscovery: one `<link rel="alternate">` per format of a feed. */
export function alternateLinks(siteUrl: string, name: string, title: string): Html {
  return html`${FEED_FORMATS.map(
    (format) =>
      html`<link rel="alternate" type="${LABELS[format].type}" title="${`${title} (${LABELS[format].label})`}" href="${siteUrl}${feedPath(name, format)}">\n`,
  )}`;
}

/** Visible links to a feed's formats. */
export function feedList(name: string, title: string): Html {
  return html`<ul class="feeds" aria-label="${`Feeds for ${title}`}">${FEED_FORMATS.map(
    (format) => html`<li><a href="${feedPath(name, format)}">${LABELS[format].label}</a></li>`,
  )}</ul>`;
}
