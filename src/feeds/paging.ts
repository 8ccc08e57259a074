import type { Article, Category } from '../articles/index.js';
import type { FeedChannel, FeedOptions } from './types.js';
import { ALL, feedId, feedName } from './urls.js';

/**
 * Every document of every feed: per category and `all`, the subscription document with the
 * newest `feedItems` items, and RFC 5005 archive pages of `feedItems` items counted from the
 * oldest, so a full page keeps its items as newer articles arrive. Pages cover every item the
 * subscription document does not: `floor((n - 1) / size)` of them.
 */
export function feedChannels(
  articles: Article[],
  categories: Category[],
  options: FeedOptions,
): { subscriptions: FeedChannel[]; archives: FeedChannel[] } {
  const byCategory = new Map<string, Article[]>();
  for (const article of articles) {
    const list = byCategory.get(article.category.slug) ?? [];
    list.push(article);
    byCategory.set(article.category.slug, list);
  }
  const feeds = [
    {
      key: ALL,
      category: undefined,
      title: options.siteName,
      description: `Every article from ${options.siteName}`,
      siteLink: `${options.siteUrl}/`,
      articles,
    },
    ...categories.map((category) => ({
      key: feedName(category),
      category,
      title: `${options.siteName}: ${category.name}`,
      description: `${category.name} articles from ${options.siteName}`,
      siteLink: `${options.siteUrl}/#${encodeURIComponent(category.slug)}`,
      articles: byCategory.get(category.slug) ?? [],
    })),
  ];
  const subscriptions: FeedChannel[] = [];
  const archives: FeedChannel[] = [];
  for (const { articles: items, ...feed } of feeds) {
    const size = options.feedItems;
    const pages = Math.max(0, Math.floor((items.length - 1) / size));
    const base = { ...feed, feedId: feedId(options.siteUrl, feed.key) };
    const current = items.slice(0, size);
    subscriptions.push({
      ...base,
      articles: current,
      updated: newestDate(current),
      prevArchive: pages > 0 ? pages : undefined,
    });
    for (let page = 1; page <= pages; page++) {
      // Page 1 holds the oldest items; `items` is newest first.
      const end = items.length - (page - 1) * size;
      const pageItems = items.slice(end - size, end);
      archives.push({
        ...base,
        articles: pageItems,
        updated: newestDate(pageItems),
        page,
        prevArchive: page > 1 ? page - 1 : undefined,
        nextArchive: page < pages ? page + 1 : undefined,
      });
    }
  }
  return { subscriptions, archives };
}

/** An empty feed gets the epoch, not "now": its bytes, and so its ETag, must stay the same. */
function newestDate(articles: Article[]): Date {
  return articles[0]?.date ?? new Date(0);
}
