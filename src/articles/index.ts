export {
  categoryKey,
  categorySlug,
  categorySlugOf,
  isCategorySlug,
  RESERVED_FEED_NAMES,
} from './category.js';
export { parseArticleDate } from './date.js';
export { loadArticles, type ParseCache } from './load.js';
export { ARTICLE_EXTENSIONS, articleIdOf, parseArticle } from './parse.js';
export { absoluteUrls } from './sanitize.js';
export { contentHash, createUrlSettler, settleArticles } from './settled.js';
export { slugify } from './slug.js';
export { assembleStore, publishedAt } from './store.js';
export { escapeHtml } from './text.js';
export {
  type Article,
  ArticleProblem,
  type ArticleStore,
  ArticleWarning,
  type Category,
  type ParseOptions,
  type ParseResult,
  type RelatedTeaser,
  type SettledArticles,
  type SettledRecord,
  type SettledUrlStore,
} from './types.js';
export { xmlSafe } from './xml-text.js';
