import type { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { articlesPage } from './articles-page.js';
import { dashboardPage } from './dashboard.js';
import type { ConsoleContext } from './guard.js';
import { loginRoutes } from './login.js';
import { runsPages } from './runs-pages.js';
import { sendPages } from './send-pages.js';
import { createSessions } from './session.js';
import { subscribersPages } from './subscribers-pages.js';

/**
 * The operator console under `/console/`. Off (every path 404) without `GAZETTE_ADMIN_TOKEN`
 * or without its services; the JSON API under `/admin/*` is separate and takes no cookie.
 */
export function consoleRoutes(app: Hono, deps: AppDeps): void {
  const adminToken = deps.config.adminToken;
  const services = deps.console;
  if (!adminToken || !services) return;
  const ctx: ConsoleContext = {
    config: deps.config,
    logger: deps.logger,
    services,
    sessions: createSessions(),
  };
  app.use('/console/*', async (c, next) => {
    await next();
    // The console is never framed (clickjacking) and never cached by a shared cache.
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
  });
  loginRoutes(app, ctx, adminToken);
  dashboardPage(app, ctx, deps.site);
  runsPages(app, ctx);
  sendPages(app, ctx, deps.site);
  subscribersPages(app, ctx, deps.site);
  articlesPage(app, ctx, deps.site);
}
