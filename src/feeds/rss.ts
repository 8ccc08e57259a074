import { Feed } from 'feed';
import { escapeHtml } from '../articles/index.js';
import { channelLinks, FH_NAMESPACE, linkHref } from './links.js';
import type { FeedChannel, FeedOptions } from './types.js';
import { articleUrl, itemId } from './urls.js';
import { cdataHtml, escapeXml, xmlJsText } from './xml.js';

/**
 * RSS 2.0 through `feed`, with its gaps filled by extensions rather than by editing its output:
 * - `<author>` must be an email address, so the byline goes in `dc:creator` (the `dc` namespace
 *   is declared by `feed` whenever items have content, which every article has);
 * - item titles are written as escaped text (`feed` uses CDATA, which breaks on a second `]]>`);
 * - the `atom:link` list is replaced whole to add the RFC 5005 archive links, and archive pages
 *   carry `<fh:archive/>`.
 */
export function renderRss(channel: FeedChannel, options: FeedOptions): string {
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
  for (const article of channel.articles) {
    const extensions = [{ name: 'title', objects: { _text: xmlJsText(article.title) } }];
    if (article.byline) {
      extensions.push({ name: 'dc:creator', objects: { _text: xmlJsText(article.byline) } });
    }
    feed.addItem({
      title: '', // written by the `title` extension instead
      id: itemId(options.siteUrl, article),
      link: articleUrl(options.siteUrl, article),
      date: article.date,
      published: article.date,
      // The summary is plain text and RSS descriptions are HTML (escaping leaves no `]]>`).
      description: escapeHtml(article.summary),
      content: cdataHtml(article.bodyHtml),
      category: [{ name: xmlJsText(article.category.name) }],
      extensions,
    });
  }
  return feed.rss2();
}
