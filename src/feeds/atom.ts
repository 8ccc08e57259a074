import { Feed } from 'feed';
import { type Article, escapeHtml } from '../articles/index.js';
import { placeholderOf, spliceItems } from './fragments.js';
import { feedItemBase, itemBody, itemUpdated } from './item.js';
import { channelLinks, FH_NAMESPACE, linkHref } from './links.js';
import type { FeedChannel, FeedOptions } from './types.js';
import { articleUrl, itemId } from './urls.js';
import {
  cdataHtml,
  escapeXml,
  feedUrl,
  xmlJsAttribute,
  xmlJsCdata,
  xmlJsText,
  xmlJsTextNode,
} from './xml.js';

const ATOM_ROOT = '<feed xmlns="http://www.w3.org/2005/Atom"';

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
 * - the RFC 5005 links and `<fh:archive/>` are inserted after the `self` link, and the root
 *   carries `xml:lang` (`GAZETTE_LANGUAGE`).
 * The feed-level author makes every entry valid without a byline.
 * This is the whole document as `feed` writes it; `assembleAtom` must give the same bytes.
 */
export function renderAtom(channel: FeedChannel, options: FeedOptions): string {
  return atomDocument(channel, options, channel.articles).replace(
    TITLE_SLOT,
    (_slot, index: string) => {
      const article = channel.articles[Number(index)];
      if (!article) throw new Error(`atom: no entry for title slot ${index}`);
      return titleAndCategory(article);
    },
  );
}

/** The document from its entries written by `atomEntry`, with the rest written by `feed`. */
export function assembleAtom(
  channel: FeedChannel,
  options: FeedOptions,
  entries: string[],
): string {
  if (entries.length === 0) return renderAtom(channel, options);
  const head = atomDocument(channel, options, [placeholderOf(channel.articles)]);
  return spliceItems(head, '<entry>', '</entry>', entries, '\n    ');
}

/** One `<entry>` as `renderAtom` writes it (an entry sits 4 spaces deep). */
export function atomEntry(article: Article, options: FeedOptions): string {
  const iso = article.date.toISOString();
  const lines = [
    '<entry>',
    titleAndCategory(article),
    `<id>${xmlJsTextNode(feedUrl(itemId(options.siteUrl, article)))}</id>`,
    `<link href="${xmlJsAttribute(feedUrl(articleUrl(options.siteUrl, article)))}"/>`,
    `<updated>${itemUpdated(article).toISOString()}</updated>`,
  ];
  const summary = escapeHtml(article.summary);
  if (summary) lines.push(`<summary type="html">${xmlJsCdata(summary)}</summary>`);
  const content = cdataHtml(itemBody(article, options));
  if (content) lines.push(`<content type="html">${xmlJsCdata(content)}</content>`);
  if (article.byline) {
    const name = xmlJsTextNode(xmlJsText(article.byline));
    lines.push(`<author>\n            <name>${name}</name>\n        </author>`);
  }
  lines.push(`<published>${iso}</published>`);
  return `${lines.join('\n        ')}\n    </entry>`;
}

/**
 * A plain-text title, with `&` and `<` as hexadecimal references, as in RSS (see
 * `rssTitleReferences`): a title that reads like markup (`R&D <Labs> &amp; co`) is then not
 * taken for undeclared HTML by the W3C validator; every reader decodes the same characters.
 */
function titleAndCategory(article: Article): string {
  const { name, slug } = article.category;
  const title = escapeXml(article.title).replace(/&amp;/g, '&#x26;').replace(/&lt;/g, '&#x3C;');
  return (
    `<title type="text">${title}</title>\n        ` +
    `<category term="${escapeXml(slug)}" label="${escapeXml(name)}"/>`
  );
}

/** `feed`'s Atom with the RFC 5005 links in place; entry titles are still numbered slots. */
function atomDocument(channel: FeedChannel, options: FeedOptions, articles: Article[]): string {
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
  articles.forEach((article, index) => {
    feed.addItem({
      ...feedItemBase(article, options),
      date: itemUpdated(article),
      title: `${MARK}${index}${MARK}`,
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
    .replace(ATOM_ROOT, () => `${ATOM_ROOT} xml:lang="${escapeXml(options.language)}"`)
    .replace(selfLink, () => [selfLink, ...history].join('\n    '));
}
