import type { Hono } from 'hono';
import type { AppDeps } from './deps.js';

export function healthRoutes(app: Hono, deps: AppDeps): void {
  app.get('/healthz', (c) => {
    const store = deps.site.current();
    return c.json({
      status: 'ok',
      articles: store.articles.length,
      categories: store.categories.length,
      problems: store.problems.length,
    });
  });
}
