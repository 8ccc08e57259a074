import type { Article, Category } from '../articles/index.js';
import { itemUpdated } from './item.js';
import type { FeedChannel, FeedOptions } from './types.js';
import { ALL, feedId, feedName } from './urls.js';

/**
 * Every document of every feed: per category and `all`, the subscription document with the
 * newest `feedItems` items, and RFC 5005 archive pages for every older item. Pages are counted
 * from the oldest item: page 1 holds the oldest `feedItems`, and so on, the newest page holding
 * what is left (fewer items, until newer articles push more out of the subscription document).
 * So a full page keeps its items as newer articles arrive, and walking the chain visits every
 * item exactly once.
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
  const size = options.feedItems;
  for (const { articles: items, ...feed } of feeds) {
    const archived = Math.max(0, items.length - size);
    const pages = Math.ceil(archived / size);
    const base = { ...feed, feedId: feedId(options.siteUrl, feed.key) };
    const current = items.slice(0, size);
    subscriptions.push({
      ...base,
      articles: current,
      updated: newestUpdate(current),
      prevArchive: pages > 0 ? pages : undefined,
    });
    for (let page = 1; page <= pages; page++) {
      // `items` is newest first: page 1 ends at the oldest item, the last page at the newest
      // archived one (`items[size]`), so no page holds an item of the subscription document.
      const end = items.length - (page - 1) * size;
      const pageItems = items.slice(Math.max(size, end - size), end);
      archives.push({
        ...base,
        articles: pageItems,
        updated: newestUpdate(pageItems),
        page,
        prevArchive: page > 1 ? page - 1 : undefined,
        nextArchive: page < pages ? page + 1 : undefined,
      });
    }
  }
  return { subscriptions, archives };
}

/**
 * The latest `updated` of the items (an edit counts). An empty feed gets the epoch, not "now":
 * its bytes, and so its ETag, must stay the same.
 */
function newestUpdate(articles: Article[]): Date {
  let newest = 0;
  for (const article of articles) newest = Math.max(newest, itemUpdated(article).getTime());
  return new Date(newest);
}
