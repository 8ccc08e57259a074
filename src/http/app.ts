import { Hono } from 'hono';
import { adminRoutes } from './admin.js';
import { consoleRoutes } from './console/index.js';
import type { AppDeps } from './deps.js';
import { digestRoutes } from './digests.js';
import { feedRoutes } from './feeds.js';
import { healthRoutes } from './health.js';
import { hookRoutes } from './hooks.js';
import { metricsRoutes } from './metrics.js';
import { pageRoutes } from './pages.js';
import { subscriptionRoutes } from './subscription-routes.js';

/** Every route of the design, in one place. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  healthRoutes(app, deps);
  metricsRoutes(app, deps);
  adminRoutes(app, deps);
  hookRoutes(app, deps);
  feedRoutes(app, deps);
  pageRoutes(app, deps);
  subscriptionRoutes(app, deps);
  digestRoutes(app, deps);
  consoleRoutes(app, deps);
  app.notFound((c) => c.text('Not found\n', 404));
  app.onError((error, c) => {
    deps.logger.error({ err: error, path: c.req.path }, 'request failed');
    return c.text('Internal server error\n', 500);
  });
  return app;
}
