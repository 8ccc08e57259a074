import type { Hono } from 'hono';
import type { AppDeps } from './app.js';
import { articlePage, categoryPage, homePage } from './pages/index.js';
import { TIMEZONE_SCRIPT_CSP } from './pages/subscribe-form.js';

/** Public pages run no script but the subscribe form's one-line time-zone filler. */
const PAGE_POLICY = `default-src 'none'; script-src ${TIMEZONE_SCRIPT_CSP}; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

/** An article's body may show images: from the site itself and over HTTPS, nothing else. */
const ARTICLE_POLICY = `${PAGE_POLICY}; img-src 'self' https:`;

/** `GET /`, `GET /categories/{slug}` and `GET /articles/{slug}`, from what is published now. */
export function pageRoutes(app: Hono, deps: AppDeps): void {
  const { siteUrl, siteName, language, timezone } = deps.config;
  app.get('/', (c) => {
    const { articles, categories } = deps.site.published();
    c.header('Content-Security-Policy', PAGE_POLICY);
    return c.html(homePage({ siteUrl, siteName, language, timezone, categories, articles }));
  });
  app.get('/categories/:slug', (c) => {
    const { articles, categories } = deps.site.published();
    const category = categories.find((each) => each.slug === c.req.param('slug'));
    if (!category) return c.notFound();
    const own = articles.filter((article) => article.category.slug === category.slug);
    c.header('Content-Security-Policy', PAGE_POLICY);
    return c.html(categoryPage({ siteUrl, siteName, language, timezone, category, articles: own }));
  });
  app.get('/articles/:slug', (c) => {
    const published = deps.site.published();
    const slug = c.req.param('slug');
    const article = published.bySlug.get(slug);
    if (!article) {
      // A former URL of an article moves with it, forever (the store keeps every one).
      const current = published.redirects?.get(slug);
      if (current) return c.redirect(`/articles/${encodeURIComponent(current)}`, 301);
      return c.notFound();
    }
    c.header('Content-Security-Policy', ARTICLE_POLICY);
    return c.html(
      articlePage({
        siteUrl,
        siteName,
        language,
        timezone,
        article,
        published: published.articles,
        publisherLogo: deps.config.publisherLogo,
      }),
    );
  });
}
