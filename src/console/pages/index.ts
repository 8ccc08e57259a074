import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../../http/index.js';
import { articlesPage } from './articles-page.js';
import { auditPage } from './audit-page.js';
import { dashboardPage } from './dashboard.js';
import type { ConsoleContext } from './guard.js';
import { loginRoutes } from './login.js';
import { runsPages } from './runs-pages.js';
import { CONSOLE_POLICY } from './scripts.js';
import { sendPages } from './send-pages.js';
import { subscribersPages } from './subscribers-pages.js';

const FORM_LIMIT_BYTES = 64 * 1024;

/**
 * The operator console under `/console/`. Off (every path 404) without `GAZETTE_ADMIN_TOKEN`
 * or without its services; the JSON API under `/admin/*` is separate and takes no cookie.
 */
export function consoleRoutes(app: Hono, deps: AppDeps): void {
  const adminToken = deps.config.adminToken;
  const services = deps.console;
  if (!adminToken || !services) return;
  const ctx: ConsoleContext = { config: deps.config, adminToken, logger: deps.logger, services };
  app.use('/console/*', async (c, next) => {
    await next();
    // The console is never framed (clickjacking) and never cached by a shared cache.
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Content-Security-Policy', CONSOLE_POLICY);
  });
  // Every console form is small; the CSV import has its own, larger limit (see csv-upload.ts).
  const formLimit = bodyLimit({
    maxSize: FORM_LIMIT_BYTES,
    onError: (c) => c.text('Payload too large: a console form is at most 64 KiB\n', 413),
  });
  app.post('/console/*', (c, next) =>
    c.req.path === '/console/subscribers/import' ? next() : formLimit(c, next),
  );
  loginRoutes(app, ctx);
  dashboardPage(app, ctx, deps.site);
  runsPages(app, ctx);
  sendPages(app, ctx, deps.site);
  subscribersPages(app, ctx, deps.site);
  articlesPage(app, ctx, deps.site);
  auditPage(app, ctx);
}
