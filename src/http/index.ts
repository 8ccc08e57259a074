export type {
  AdminRun,
  AdminRunDetail,
  AdminService,
  SubscriberPage,
} from './admin-service.js';
export { createApp } from './app.js';
export type { AppDeps, SiteState } from './deps.js';
export type { DigestArchive } from './digests.js';
export { feedFastPath } from './feeds.js';
export type { HealthCheck } from './health.js';
export {
  createMetrics,
  instrumentMailer,
  instrumentStore,
  type Metrics,
  observeRun,
} from './metrics.js';
export { subscribeForm } from './pages/subscribe-form.js';
export { listen, type RunningServer } from './server.js';
export {
  createLiveSite,
  feedOptions,
  type LiveSite,
  type PublishedSite,
  type RebuildReport,
} from './site.js';
