import { type Article, escapeHtml } from '../articles/index.js';
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
    description: escapeHtml(article.summary),
    content: cdataHtml(article.bodyHtml),
  };
}
