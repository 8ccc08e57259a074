import { Hono } from 'hono';
import { adminRoutes } from './admin.js';
import { consoleRoutes } from './console/index.js';
import type { AppDeps } from './deps.js';
import { digestRoutes } from './digests.js';
import { errorPages } from './error-pages.js';
import { feedRoutes } from './feeds.js';
import { healthRoutes } from './health.js';
import { metricsRoutes } from './metrics.js';
import { pageRoutes } from './pages.js';
import { subscriptionRoutes } from './subscription-routes.js';

/** Every route of the design, in one place. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  healthRoutes(app, deps);
  metricsRoutes(app, deps);
  adminRoutes(app, deps);
  feedRoutes(app, deps);
  pageRoutes(app, deps);
  subscriptionRoutes(app, deps);
  digestRoutes(app, deps);
  consoleRoutes(app, deps);
  errorPages(app, deps);
  return app;
}
