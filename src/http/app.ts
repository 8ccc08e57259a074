import { Hono } from 'hono';
import type { ArticleStore } from '../articles/index.js';
import type { Config } from '../config.js';
import type { ConsoleServices } from '../console/index.js';
import { consoleRoutes } from '../console/pages/index.js';
import type { PublishedFeeds } from '../feeds/index.js';
import type { Hooks } from '../hooks/index.js';
import type { Logger } from '../log.js';
import type { SubscriptionService } from '../subscribers/index.js';
import { type AdminBackend, adminRoutes } from './admin.js';
import { type DigestArchive, digestRoutes } from './digests.js';
import { errorPages } from './error-pages.js';
import { feedRoutes } from './feeds.js';
import { type HealthCheck, healthRoutes } from './health.js';
import { hookRoutes } from './hooks.js';
import { htmlHeaders } from './html-headers.js';
import { type Metrics, metricsRoutes } from './metrics.js';
import { pageRoutes } from './pages.js';
import type { ServedFile } from './served.js';
import { subscriptionRoutes } from './subscription-routes.js';

/** What is published now, each feed document ready to serve. */
export type PublishedSite = PublishedFeeds<ServedFile>;

/** The current article store, swapped whole when the folder changes. */
export interface SiteState {
  current(): ArticleStore;
  /** The articles published now and their feed documents, built together. */
  published(): PublishedSite;
}

/** What the routes need; built once by `gazette serve` (or a test). */
export interface AppDeps {
  config: Config;
  logger: Logger;
  site: SiteState;
  /** Sent digests for `/digests/{id}`; without it, every digest is not found. */
  digests?: DigestArchive;
  /** The subscription flow; without it (tests of other parts) its routes are not served. */
  subscriptions?: SubscriptionService;
  /** The operator console's services; without them (or the admin token) `/console/` is 404. */
  console?: ConsoleServices;
  /** What the admin API acts through; `/admin/*` also needs `GAZETTE_ADMIN_TOKEN`, else 404. */
  admin?: AdminBackend;
  /** What `/healthz` checks beyond the article store (the database, SMTP). */
  health?: HealthCheck[];
  /** Relays' signed events at `POST /hooks/{provider}`; without them, those routes are 404. */
  hooks?: Pick<Hooks, 'receive'>;
  /** Served at `/metrics` when given. */
  metrics?: Metrics;
}

/** Every route of the design, in one place. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use(htmlHeaders);
  healthRoutes(app, deps);
  metricsRoutes(app, deps);
  adminRoutes(app, deps);
  hookRoutes(app, deps);
  feedRoutes(app, deps);
  pageRoutes(app, deps);
  subscriptionRoutes(app, deps);
  digestRoutes(app, deps);
  consoleRoutes(app, deps);
  errorPages(app, deps);
  return app;
}
