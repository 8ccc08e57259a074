import type { Config } from '../config.js';

/** Plain values the sitemaps, robots.txt and structured data need; filled from the config. */
export interface DiscoveryOptions {
  /** Base URL of every link, without a trailing slash. */
  siteUrl: string;
  siteName: string;
  /** A language tag, e.g. `en`, `zh-TW`. */
  language: string;
  /** Lines added to `/robots.txt`. */
  robotsExtra?: string | undefined;
  /** The publisher's logo: an absolute URL or a path on the site. */
  publisherLogo?: string | undefined;
}

export function discoveryOptions(config: Config): DiscoveryOptions {
  return {
    siteUrl: config.siteUrl,
    siteName: config.siteName,
    language: config.language,
    robotsExtra: config.robotsExtra,
    publisherLogo: config.publisherLogo,
  };
}

/** A sitemap's bounds (sitemaps.org): 50,000 URLs and 50 MB uncompressed. */
export interface SitemapLimits {
  urls: number;
  bytes: number;
}

export const SITEMAP_LIMITS: SitemapLimits = { urls: 50_000, bytes: 50 * 1024 * 1024 };
