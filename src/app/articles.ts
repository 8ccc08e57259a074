import { type ArticleStore, loadArticles } from '../articles/index.js';
import type { Config } from '../config.js';

/** The article store of `GAZETTE_ARTICLES_DIR`, read afresh, dates read in `GAZETTE_TIMEZONE`. */
export function readArticles(config: Config): Promise<ArticleStore> {
  return loadArticles(config.articlesDir, { timezone: config.timezone });
}
