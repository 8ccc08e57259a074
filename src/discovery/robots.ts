import type { FeedDocument } from '../feeds/index.js';
import type { DiscoveryOptions } from './types.js';
import { NEWS_SITEMAP_PATH, ROBOTS_PATH, SITEMAP_INDEX_PATH } from './urls.js';

/**
 * Paths no crawler should follow: the operator's pages, and the pages reached by a subscriber's
 * own link (their tokens are nobody else's business).
 */
const PRIVATE_PATHS = ['/admin/', '/console/', '/confirm', '/unsubscribe', '/preferences'];

/**
 * `/robots.txt`: every crawler welcome but on private paths, both sitemaps named, and the
 * operator's own lines (`GAZETTE_ROBOTS_EXTRA`, a literal `\n` also ends a line) as groups of
 * their own after a blank line.
 */
export function buildRobots(options: DiscoveryOptions, updated: Date): FeedDocument {
  const extra = (options.robotsExtra ?? '')
    .split(/\r\n|\r|\n|\\n/)
    .map((line) => line.trim())
    .join('\n')
    .trim();
  const lines = [
    'User-agent: *',
    ...PRIVATE_PATHS.map((path) => `Disallow: ${path}`),
    '',
    ...(extra ? [extra, ''] : []),
    `Sitemap: ${options.siteUrl}${SITEMAP_INDEX_PATH}`,
    `Sitemap: ${options.siteUrl}${NEWS_SITEMAP_PATH}`,
  ];
  return {
    path: ROBOTS_PATH,
    format: 'text',
    contentType: 'text/plain; charset=utf-8',
    body: `${lines.join('\n')}\n`,
    updated,
    archive: false,
    key: 'robots',
  };
}
