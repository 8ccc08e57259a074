import type { Article } from '../articles/index.js';
import { articleUrl, type FeedDocument } from '../feeds/index.js';
import { escapeXml, newest, SITEMAP_CONTENT_TYPE, SITEMAP_NS } from './sitemaps.js';
import type { DiscoveryOptions } from './types.js';
import { NEWS_SITEMAP_PATH, w3cTime } from './urls.js';

export const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
/** Google News reads articles of the last two days, and at most 1,000 per sitemap. */
export const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;
export const NEWS_MAX_ARTICLES = 1000;

/**
 * The Google News sitemap: the articles published in the 48 hours before `now`, newest first,
 * at most 1,000. With none, the `urlset` is empty (Google reads that as "nothing new"). Pure.
 */
export function buildNewsSitemap(
  articles: Article[],
  options: DiscoveryOptions,
  now: Date,
): FeedDocument {
  const since = now.getTime() - NEWS_WINDOW_MS;
  const recent = articles
    .filter((article) => article.date.getTime() > since && article.date <= now)
    .sort((a, b) => b.date.getTime() - a.date.getTime())
    .slice(0, NEWS_MAX_ARTICLES);
  const publication =
    `<news:publication><news:name>${escapeXml(options.siteName)}</news:name>` +
    `<news:language>${newsLanguage(options.language)}</news:language></news:publication>`;
  const entries = recent.map(
    (article) =>
      `<url><loc>${escapeXml(articleUrl(options.siteUrl, article))}</loc><news:news>${publication}` +
      `<news:publication_date>${w3cTime(article.date)}</news:publication_date>` +
      `<news:title>${escapeXml(article.title)}</news:title></news:news></url>\n`,
  );
  return {
    path: NEWS_SITEMAP_PATH,
    format: 'sitemap',
    contentType: SITEMAP_CONTENT_TYPE,
    body:
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">\n${entries.join('')}</urlset>\n`,
    updated: newest(recent.map((article) => article.date)),
    archive: false,
    key: 'sitemap',
  };
}

/**
 * Google News takes an ISO 639 code, except `zh-cn` (Simplified) and `zh-tw` (Traditional)
 * for Chinese: `en-GB` is `en`, `zh-Hant` and `zh-HK` are `zh-tw`, any other `zh` is `zh-cn`.
 */
export function newsLanguage(tag: string): string {
  const [primary = 'en', ...rest] = tag.toLowerCase().split('-');
  if (primary !== 'zh') return primary;
  return rest.some((part) => ['hant', 'tw', 'hk', 'mo'].includes(part)) ? 'zh-tw' : 'zh-cn';
}
