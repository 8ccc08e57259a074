import type { Article, Category } from '../articles/index.js';
import type { FeedDocument } from '../feeds/index.js';
import { buildNewsSitemap } from './news-sitemap.js';
import { buildRobots } from './robots.js';
import { buildSitemaps } from './sitemaps.js';
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
): FeedDocument[] {
  const sitemaps = buildSitemaps(published.articles, published.categories, options, limits);
  const index = sitemaps[0] as FeedDocument;
  return [
    ...sitemaps,
    buildNewsSitemap(published.articles, options, now),
    buildRobots(options, index.updated),
  ];
}
