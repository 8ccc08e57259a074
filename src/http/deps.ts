import type { ArticleStore } from '../articles/index.js';
import type { Config } from '../config.js';
import type { ConsoleServices } from '../console/index.js';
import type { Hooks } from '../hooks/index.js';
import type { Logger } from '../log.js';
import type { SubscriptionService } from '../subscribers/index.js';
import type { AdminService } from './admin-service.js';
import type { DigestArchive } from './digests.js';
import type { HealthCheck } from './health.js';
import type { Metrics } from './metrics.js';
import type { PublishedSite } from './site.js';

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
  /** The admin API's backend; `/admin/*` also needs `GAZETTE_ADMIN_TOKEN`, else it is 404. */
  admin?: AdminService;
  /** What `/healthz` checks beyond the article store (the database, SMTP). */
  health?: HealthCheck[];
  /** Relays' signed events at `POST /hooks/{provider}`; without them, those routes are 404. */
  hooks?: Pick<Hooks, 'receive'>;
  /** Served at `/metrics` when given. */
  metrics?: Metrics;
}
