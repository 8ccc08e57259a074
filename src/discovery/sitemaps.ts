import { type Article, type Category, xmlSafe } from '../articles/index.js';
import { articleUrl, type FeedDocument } from '../feeds/index.js';
import { type DiscoveryOptions, SITEMAP_LIMITS, type SitemapLimits } from './types.js';
import {
  categoryPath,
  lastChanged,
  monthSitemapPath,
  PAGES_SITEMAP_PATH,
  SITEMAP_INDEX_PATH,
  w3cTime,
} from './urls.js';

export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
export const SITEMAP_CONTENT_TYPE = 'application/xml; charset=utf-8';
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const URLSET_OPEN = `<urlset xmlns="${SITEMAP_NS}">\n`;
const URLSET_CLOSE = '</urlset>\n';

/**
 * The sitemap index and its sitemaps (sitemaps.org 0.9): one of the home and category pages, and
 * one per month of publication (UTC), split when a month would pass 50,000 URLs or 50 MB. Each
 * URL's `lastmod` is when its content last changed (`updated`, kept by the settled URLs), so an
 * unedited article never looks new. Articles in a month are listed oldest first: a new article
 * is appended, and a month's sitemap changes only when one of its own articles does. Pure.
 */
export function buildSitemaps(
  articles: Article[],
  categories: Category[],
  options: DiscoveryOptions,
  limits: SitemapLimits = SITEMAP_LIMITS,
  months: MonthCache = new Map(),
): FeedDocument[] {
  const sitemaps = [
    pagesSitemap(articles, categories, options),
    ...monthSitemaps(articles, options, limits, months),
  ];
  const entries = sitemaps.map(
    (doc) =>
      `<sitemap><loc>${escapeXml(`${options.siteUrl}${doc.path}`)}</loc>${lastmod(doc.updated)}</sitemap>\n`,
  );
  const index: FeedDocument = {
    path: SITEMAP_INDEX_PATH,
    format: 'sitemap',
    contentType: SITEMAP_CONTENT_TYPE,
    body: `${HEAD}<sitemapindex xmlns="${SITEMAP_NS}">\n${entries.join('')}</sitemapindex>\n`,
    updated: newest(sitemaps.map((doc) => doc.updated)),
    archive: false,
    key: 'sitemap',
  };
  return [index, ...sitemaps];
}

function pagesSitemap(
  articles: Article[],
  categories: Category[],
  options: DiscoveryOptions,
): FeedDocument {
  const changed = new Map<string, Date>();
  for (const article of articles) {
    const at = lastChanged(article);
    const before = changed.get(article.category.slug);
    if (!before || at > before) changed.set(article.category.slug, at);
  }
  const home = newest([...changed.values()]);
  const entries = [
    urlEntry(`${options.siteUrl}/`, articles.length ? home : undefined),
    ...categories.map((category) =>
      urlEntry(`${options.siteUrl}${categoryPath(category.slug)}`, changed.get(category.slug)),
    ),
  ];
  return sitemap(PAGES_SITEMAP_PATH, entries, home);
}

/**
 * A month's articles and the sitemaps written from them, kept between builds of one site (same
 * options and limits): a month whose articles are the same objects is not written again, so a
 * rebuild after one edit writes one month (the parse cache and the settled URLs keep an
 * unchanged article the same object).
 */
export type MonthCache = Map<string, { articles: Article[]; docs: FeedDocument[] }>;

function monthSitemaps(
  articles: Article[],
  options: DiscoveryOptions,
  limits: SitemapLimits,
  cache: MonthCache,
): FeedDocument[] {
  const byMonth = new Map<string, Article[]>();
  for (const article of articles) {
    const month = monthOf(article.date);
    const list = byMonth.get(month);
    if (list) list.push(article);
    else byMonth.set(month, [article]);
  }
  const docs: FeedDocument[] = [];
  for (const month of [...cache.keys()]) if (!byMonth.has(month)) cache.delete(month);
  for (const month of [...byMonth.keys()].sort()) {
    const list = (byMonth.get(month) as Article[]).reverse(); // given newest first
    const before = cache.get(month);
    if (
      before?.articles.length === list.length &&
      before.articles.every((article, index) => article === list[index])
    ) {
      docs.push(...before.docs);
      continue;
    }
    const monthStart = docs.length;
    let part = 1;
    let entries: string[] = [];
    let bytes = HEAD.length + URLSET_OPEN.length + URLSET_CLOSE.length;
    let updated = new Date(0);
    const flush = () => {
      docs.push(sitemap(monthSitemapPath(month, part), entries, updated));
      part++;
      entries = [];
      bytes = HEAD.length + URLSET_OPEN.length + URLSET_CLOSE.length;
      updated = new Date(0);
    };
    for (const article of list) {
      const at = lastChanged(article);
      const entry = urlEntry(articleUrl(options.siteUrl, article), at);
      const size = Buffer.byteLength(entry);
      if (entries.length > 0 && (entries.length >= limits.urls || bytes + size > limits.bytes))
        flush();
      entries.push(entry);
      bytes += size;
      if (at > updated) updated = at;
    }
    flush();
    cache.set(month, { articles: list, docs: docs.slice(monthStart) });
  }
  return docs;
}

function sitemap(path: string, entries: string[], updated: Date): FeedDocument {
  return {
    path,
    format: 'sitemap',
    contentType: SITEMAP_CONTENT_TYPE,
    body: `${HEAD}${URLSET_OPEN}${entries.join('')}${URLSET_CLOSE}`,
    updated,
    archive: false,
    key: 'sitemap',
  };
}

function urlEntry(loc: string, changed: Date | undefined): string {
  return `<url><loc>${escapeXml(loc)}</loc>${changed ? lastmod(changed) : ''}</url>\n`;
}

function lastmod(date: Date): string {
  return date.getTime() > 0 ? `<lastmod>${w3cTime(date)}</lastmod>` : '';
}

export function newest(dates: Date[]): Date {
  return new Date(Math.max(0, ...dates.map((date) => date.getTime())));
}

/** Text for an XML element: what XML cannot carry dropped, markup escaped. */
export function escapeXml(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `2024-07`: the UTC month, without `toISOString` (a rebuild of 120,000 articles calls it). */
function monthOf(date: Date): string {
  const month = date.getUTCMonth() + 1;
  return `${date.getUTCFullYear()}-${month < 10 ? '0' : ''}${month}`;
}
