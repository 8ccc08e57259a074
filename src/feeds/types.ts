import type { Article, Category } from '../articles/index.js';

export type FeedFormat = 'rss' | 'atom' | 'json';
export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

/** Plain values the build needs; the CLI and the server fill them from the config. */
export interface FeedOptions {
  /** Base URL of every link, without a trailing slash. */
  siteUrl: string;
  siteName: string;
  /** A language tag, e.g. `en`. */
  language: string;
  /** Items in a subscription document; older ones move to archives of this size. */
  feedItems: number;
  /** A WebSub hub, advertised with `rel="hub"`. */
  websubHub?: string | undefined;
}

/**
 * One document of one feed, whatever the format: the subscription document (`page` undefined)
 * or an RFC 5005 archive page (1 is the oldest).
 */
export interface FeedChannel {
  /** `all` or the feed name of a category. */
  key: string;
  /** Undefined for `all`. */
  category?: Category | undefined;
  title: string;
  description: string;
  /** The web page the feed stands for. */
  siteLink: string;
  /** Shared by the subscription document and its archives: one logical feed. */
  feedId: string;
  /** Newest first. */
  articles: Article[];
  /** The latest `updated` of its items: the document changes only when its content does. */
  updated: Date;
  page?: number | undefined;
  prevArchive?: number | undefined;
  nextArchive?: number | undefined;
}

/** A document ready to publish: its URL path, media type and text. */
export interface FeedDocument {
  /** The URL path, e.g. `/feeds/biz-updates.atom`; the file's path below the output folder. */
  path: string;
  /** Sitemaps and robots.txt are served and published beside the feeds (see `discovery/`). */
  format: FeedFormat | 'opml' | 'sitemap' | 'text';
  contentType: string;
  body: string;
  /** Its newest item's date, also its HTTP `Last-Modified`. */
  updated: Date;
  /** A full archive page: it never changes, so it can be cached longer. */
  archive: boolean;
  /** The feed it belongs to (`all`, a category's feed name), or `opml`. */
  key: string;
}
