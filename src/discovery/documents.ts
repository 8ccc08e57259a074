import type { Article, Category } from '../articles/index.js';
import type { FeedDocument } from '../feeds/index.js';
import { buildNewsSitemap } from './news-sitemap.js';
import { buildRobots } from './robots.js';
import { buildSitemaps, type MonthCache } from './sitemaps.js';
import type { DiscoveryOptions, SitemapLimits } from './types.js';

/**
 * Every discovery document for the articles published at `now` (newest first): the sitemap
 * index and its sitemaps, the Google News sitemap and robots.txt. Pure.
 */
export function discoveryDocuments(
  published: { articles: Article[]; categories: Category[] },
  options: DiscoveryOptions,
  now: Date,
  limits?: SitemapLimits,
  months?: MonthCache,
): FeedDocument[] {
  const sitemaps = buildSitemaps(published.articles, published.categories, options, limits, months);
  const index = sitemaps[0] as FeedDocument;
  return [
    ...sitemaps,
    buildNewsSitemap(published.articles, options, now),
    buildRobots(options, index.updated),
  ];
}

/** `discoveryDocuments` for one site, rebuilt often: unchanged months are not written again. */
export function discoveryBuilder(
  options: DiscoveryOptions,
  limits?: SitemapLimits,
): (published: { articles: Article[]; categories: Category[] }, now: Date) => FeedDocument[] {
  const months: MonthCache = new Map();
  return (published, now) => discoveryDocuments(published, options, now, limits, months);
}
