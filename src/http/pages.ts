import type { Hono } from 'hono';
import type { AppDeps } from './deps.js';
import { articlePage, homePage } from './pages/index.js';

/** `GET /` and `GET /articles/{slug}`, from what is published now. */
export function pageRoutes(app: Hono, deps: AppDeps): void {
  const { siteUrl, siteName, language, timezone } = deps.config;
  app.get('/', (c) => {
    const { articles, categories } = deps.site.published();
    return c.html(homePage({ siteUrl, siteName, language, categories, articles }));
  });
  app.get('/articles/:slug', (c) => {
    const article = deps.site.published().bySlug.get(c.req.param('slug'));
    if (!article) return c.notFound();
    return c.html(articlePage({ siteUrl, siteName, language, timezone, article }));
  });
}
