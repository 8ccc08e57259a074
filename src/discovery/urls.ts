import type { Article } from '../articles/index.js';

export const SITEMAP_INDEX_PATH = '/sitemap.xml';
export const NEWS_SITEMAP_PATH = '/news-sitemap.xml';
export const ROBOTS_PATH = '/robots.txt';
/** The sitemap of the home and category pages. */
export const PAGES_SITEMAP_PATH = '/sitemaps/pages.xml';

/** `/categories/{slug}`: the category's page. */
export function categoryPath(slug: string): string {
  return `/categories/${encodeURIComponent(slug)}`;
}

/** `/sitemaps/2024-07.xml`, then `/sitemaps/2024-07-2.xml` and on when a month fills one. */
export function monthSitemapPath(month: string, part: number): string {
  return `/sitemaps/${month}${part > 1 ? `-${part}` : ''}.xml`;
}

/** When an article's content last changed: `updated`, else its date. */
export function lastChanged(article: Article): Date {
  return article.updated ?? article.date;
}

/** A W3C date-time in UTC to the second, as sitemaps and structured data write it. */
export function w3cTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
