export { parseArticleDate } from './date.js';
export { loadArticles, type ParseCache } from './load.js';
export { articleIdOf, parseArticle } from './parse.js';
export { categorySlug, slugify } from './slug.js';
export { assembleStore, publishedAt } from './store.js';
export { escapeHtml } from './text.js';
export {
  type Article,
  ArticleProblem,
  type ArticleStore,
  type Category,
  type ParseOptions,
  type ParseResult,
  type RelatedTeaser,
} from './types.js';
