import { Feed } from 'feed';
import { type Article, escapeHtml } from '../articles/index.js';
import { placeholderOf, spliceItems } from './fragments.js';
import { feedItemBase, itemBody } from './item.js';
import { channelLinks, FH_NAMESPACE, linkHref } from './links.js';
import type { FeedChannel, FeedOptions } from './types.js';
import { articleUrl, itemId } from './urls.js';
import { cdataHtml, escapeXml, feedUrl, xmlJsCdata, xmlJsText, xmlJsTextNode } from './xml.js';

/**
 * RSS 2.0 through `feed`, with its gaps filled by extensions rather than by editing its output:
 * - `<author>` must be an email address, so the byline goes in `dc:creator` (the `dc` namespace
 *   is declared by `feed` whenever items have content, which every article has);
 * - item titles are written as escaped text (`feed` uses CDATA, which breaks on a second `]]>`);
 * - the `atom:link` list is replaced whole to add the RFC 5005 archive links, and archive pages
 *   carry `<fh:archive/>`.
 * This is the whole document as `feed` writes it; `assembleRss` must give the same bytes.
 */
export function renderRss(channel: FeedChannel, options: FeedOptions): string {
  return rssFeed(channel, options, channel.articles).rss2();
}

/** The document from its items written by `rssItem`, with the channel written by `feed`. */
export function assembleRss(channel: FeedChannel, options: FeedOptions, items: string[]): string {
  if (items.length === 0) return renderRss(channel, options);
  const head = rssFeed(channel, options, [placeholderOf(channel.articles)]).rss2();
  return spliceItems(head, '<item>', '</item>', items, '\n        ');
}

/** One `<item>` as `feed` writes it from `rssItemInput` (an item sits 8 spaces deep). */
export function rssItem(article: Article, options: FeedOptions): string {
  const lines = [
    '<item>',
    `<link>${xmlJsTextNode(feedUrl(articleUrl(options.siteUrl, article)))}</link>`,
    `<guid isPermaLink="false">${xmlJsTextNode(itemId(options.siteUrl, article))}</guid>`,
    `<pubDate>${article.date.toUTCString()}</pubDate>`,
  ];
  const description = escapeHtml(article.summary);
  if (description) lines.push(`<description>${xmlJsCdata(description)}</description>`);
  const content = cdataHtml(itemBody(article, options));
  if (content) lines.push(`<content:encoded>${xmlJsCdata(content)}</content:encoded>`);
  lines.push(
    `<category>${xmlJsTextNode(xmlJsText(article.category.name))}</category>`,
    `<title>${xmlJsTextNode(xmlJsText(article.title))}</title>`,
  );
  if (article.byline) {
    lines.push(`<dc:creator>${xmlJsTextNode(xmlJsText(article.byline))}</dc:creator>`);
  }
  return `${lines.join('\n            ')}\n        </item>`;
}

function rssFeed(channel: FeedChannel, options: FeedOptions, articles: Article[]): Feed {
  const links = channelLinks(channel, 'rss', options);
  const feed = new Feed({
    id: channel.feedId,
    title: xmlJsText(channel.title),
    description: xmlJsText(channel.description),
    link: channel.siteLink,
    language: options.language,
    updated: channel.updated,
    generator: 'Gazette',
    feedLinks: { rss: linkHref(links, 'self') },
  });
  feed.addExtension({
    name: 'atom:link',
    objects: links.map((link) => ({
      _attributes: {
        href: escapeXml(link.href),
        rel: link.rel,
        ...(link.rel === 'hub' ? {} : { type: 'application/rss+xml' }),
      },
    })) as unknown as Record<string, unknown>,
  });
  if (channel.page !== undefined) {
    feed.addExtension({
      name: 'fh:archive',
      objects: { _attributes: { 'xmlns:fh': FH_NAMESPACE } },
    });
  }
  for (const article of articles) feed.addItem(rssItemInput(article, options));
  return feed;
}

function rssItemInput(article: Article, options: FeedOptions): Parameters<Feed['addItem']>[0] {
  const extensions = [{ name: 'title', objects: { _text: xmlJsText(article.title) } }];
  if (article.byline) {
    extensions.push({ name: 'dc:creator', objects: { _text: xmlJsText(article.byline) } });
  }
  return {
    ...feedItemBase(article, options),
    title: '', // written by the `title` extension instead
    category: [{ name: xmlJsText(article.category.name) }],
    extensions,
  };
}

/**
 * RSS leaves it open whether a title (or the channel's description) is text or HTML; the RSS Best Practices Profile (and the W3C
 * validator) ask for `&` and `<` in plain text as hexadecimal references, which every reader
 * decodes to the same characters. Applied to the finished document so that `feed`'s output and
 * the assembled one stay byte-comparable.
 */
export function rssTitleReferences(document: string): string {
  return document.replace(
    /<(title|description)>([^<]*)<\/\1>/g,
    (_whole, name: string, text: string) =>
      `<${name}>${text.replace(/&amp;/g, '&#x26;').replace(/&lt;/g, '&#x3C;')}</${name}>`,
  );
}
