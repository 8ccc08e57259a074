import type { ArticleStore } from '../../src/articles/index.js';
import type { SiteState } from '../../src/http/index.js';

/** A fixed site for route tests that need no feeds: the store as given, nothing published. */
export function staticSite(
  store: ArticleStore = { articles: [], categories: [], problems: [] },
): SiteState {
  const published = {
    articles: [],
    categories: store.categories,
    bySlug: new Map(),
    files: new Map(),
  };
  return { current: () => store, published: () => published };
}
