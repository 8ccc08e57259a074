export { discoveryBuilder, discoveryDocuments } from './documents.js';
export {
  buildNewsSitemap,
  NEWS_MAX_ARTICLES,
  NEWS_WINDOW_MS,
  newsLanguage,
} from './news-sitemap.js';
export { buildRobots } from './robots.js';
export { buildSitemaps } from './sitemaps.js';
export {
  articleDescription,
  articleImage,
  collectionPageData,
  jsonLd,
  newsArticleData,
} from './structured-data.js';
export {
  type DiscoveryOptions,
  discoveryOptions,
  SITEMAP_LIMITS,
  type SitemapLimits,
} from './types.js';
export {
  categoryPath,
  lastChanged,
  NEWS_SITEMAP_PATH,
  PAGES_SITEMAP_PATH,
  ROBOTS_PATH,
  SITEMAP_INDEX_PATH,
  w3cTime,
} from './urls.js';
