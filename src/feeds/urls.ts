import type { Article, Category } from '../articles/index.js';
import type { FeedFormat } from './types.js';

export const CONTENT_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  opml: 'text/x-opml; charset=utf-8',
} as const;

export const OPML_PATH = '/feeds.opml';
export const ALL = 'all';

/**
 * The date part of every `tag:` URI (RFC 4151). Fixed forever: an id must not change when an
 * article, or the calendar, does.
 */
const TAG_DATE = '2024';

/**
 * The feed name of a category: its slug, which is never a name the router keeps for itself
 * (`all`; see `categorySlug`), so it needs no renaming that another category's slug could match.
 */
export function feedName(category: Category): string {
  return category.slug;
}

/** `/feeds/{name}.{ext}`, or `/feeds/{name}/archive/{page}.{ext}` for an archive page. */
export function feedPath(name: string, format: FeedFormat, page?: number): string {
  return page === undefined
    ? `/feeds/${name}.${format}`
    : `/feeds/${name}/archive/${page}.${format}`;
}

export function articleUrl(siteUrl: string, article: Article): string {
  return `${siteUrl}/articles/${encodeURIComponent(article.slug)}`;
}

/**
 * An item's id: a `tag:` URI from the site's host and the article's stable id (its path in the
 * store), so editing the title, body or date never changes it.
 */
export function itemId(siteUrl: string, article: Article): string {
  return tagUri(siteUrl, `articles/${article.id.split('/').map(encodeURIComponent).join('/')}`);
}

export function feedId(siteUrl: string, name: string): string {
  return tagUri(siteUrl, `feeds/${encodeURIComponent(name)}`);
}

const hosts = new Map<string, string>();

function tagUri(siteUrl: string, specific: string): string {
  let host = hosts.get(siteUrl);
  if (host === undefined) {
    host = new URL(siteUrl).hostname; // parsed once per site, not once per item
    hosts.set(siteUrl, host);
  }
  return `tag:${host},${TAG_DATE}:${specific}`;
}
