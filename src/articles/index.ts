export { parseArticleDate } from './date.js';
export { loadArticles, type ParseCache } from './load.js';
export { ARTICLE_EXTENSIONS, articleIdOf, parseArticle } from './parse.js';
export {
  categoryKey,
  categorySlug,
  categorySlugOf,
  isCategorySlug,
  RESERVED_FEED_NAMES,
} from './category.js';
export { slugify } from './slug.js';
export { absoluteUrls } from './sanitize.js';
export {
  contentHash,
  createUrlSettler,
  type SettledArticles,
  type SettledRecord,
  type SettledUrlStore,
  settleArticles,
} from './settled.js';
export { assembleStore, publishedAt } from './store.js';
export { escapeHtml } from './text.js';
export { xmlSafe } from './xml-text.js';
export {
  type Article,
  ArticleProblem,
  ArticleWarning,
  type ArticleStore,
  type Category,
  type ParseOptions,
  type ParseResult,
  type RelatedTeaser,
} from './types.js';
