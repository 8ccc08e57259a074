import { Feed } from 'feed';
import { escapeHtml } from '../articles/index.js';
import { channelLinks, FH_NAMESPACE, linkHref } from './links.js';
import type { FeedChannel, FeedOptions } from './types.js';
import { articleUrl, itemId } from './urls.js';
import { cdataHtml, escapeXml, xmlJsText } from './xml.js';

/** Stands in for an entry's title while `feed` renders; never in an article (it is ours). */
const MARK = '\uE000';
const TITLE_SLOT = new RegExp(
  `<title type="html"><!\\[CDATA\\[${MARK}(\\d+)${MARK}\\]\\]></title>`,
  'g',
);

/**
 * Atom 1.0 through `feed`, whose output is fixed in two places (its Atom writer takes no
 * extensions):
 * - `feed` writes entry titles as CDATA `type="html"`, which readers show with `&amp;`: each
 *   title goes in as a numbered slot and comes out as plain escaped `type="text"`, followed by
 *   its category (`feed` leaves `<` unescaped in a category's `label` attribute);
 * - the RFC 5005 links and `<fh:archive/>` are inserted after the `self` link.
 * The feed-level author makes every entry valid without a byline.
 */
export function renderAtom(channel: FeedChannel, options: FeedOptions): string {
  const links = channelLinks(channel, 'atom', options);
  const self = linkHref(links, 'self') as string;
  const feed = new Feed({
    id: channel.feedId,
    title: xmlJsText(channel.title),
    description: xmlJsText(channel.description),
    link: channel.siteLink,
    updated: channel.updated,
    generator: 'Gazette',
    feedLinks: { atom: self },
    hub: options.websubHub,
    author: { name: xmlJsText(options.siteName) },
  });
  channel.articles.forEach((article, index) => {
    feed.addItem({
      title: `${MARK}${index}${MARK}`,
      id: itemId(options.siteUrl, article),
      link: articleUrl(options.siteUrl, article),
      date: article.date,
      published: article.date,
      description: escapeHtml(article.summary),
      content: cdataHtml(article.bodyHtml),
      author: article.byline ? [{ name: xmlJsText(article.byline) }] : undefined,
    });
  });
  const history = links
    .filter((link) => link.rel !== 'self' && link.rel !== 'hub')
    .map((link) => `<link rel="${link.rel}" href="${escapeXml(link.href)}"/>`);
  if (channel.page !== undefined) history.unshift(`<fh:archive xmlns:fh="${FH_NAMESPACE}"/>`);
  // `feed` writes the self link as a normalised URL; find it the same way.
  const selfLink = `<link rel="self" href="${escapeXml(new URL(self).toString())}"/>`;
  return feed
    .atom1()
    .replace(selfLink, () => [selfLink, ...history].join('\n    '))
    .replace(TITLE_SLOT, (_slot, index: string) => {
      const article = channel.articles[Number(index)];
      if (!article) throw new Error(`atom: no entry for title slot ${index}`);
      const { name, slug } = article.category;
      return (
        `<title type="text">${escapeXml(article.title)}</title>\n        ` +
        `<category term="${escapeXml(slug)}" label="${escapeXml(name)}"/>`
      );
    });
}
