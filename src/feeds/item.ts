import { type Article, absoluteUrls, escapeHtml, xmlSafe } from '../articles/index.js';
import type { FeedOptions } from './types.js';
import { articleUrl, itemId } from './urls.js';
import { cdataHtml } from './xml.js';

/** What an RSS item and an Atom entry give `feed` alike: id, link, dates, summary and body. */
export function feedItemBase(article: Article, options: FeedOptions) {
  return {
    id: itemId(options.siteUrl, article),
    link: articleUrl(options.siteUrl, article),
    date: article.date,
    published: article.date,
    // The summary is plain text; both formats carry it as HTML (escaping leaves no `]]>`).
    description: xmlSafe(escapeHtml(article.summary)),
    content: cdataHtml(itemBody(article, options)),
  };
}

/**
 * The body as a feed carries it: relative links and images made absolute against the article's
 * URL, since a reader has no base to resolve them against (and the W3C validator asks for it).
 */
export function itemBody(article: Article, options: FeedOptions): string {
  return absoluteUrls(article.bodyHtml, articleUrl(options.siteUrl, article));
}

/** When the item's current content was first seen: its `updated` (Atom), `date_modified`. */
export function itemUpdated(article: Article): Date {
  return article.updated ?? article.date;
}
