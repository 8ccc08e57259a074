export type { AdminBackend } from './admin-backend.js';
export type { AdminRun } from './admin-json.js';
export { type AppDeps, createApp, type SiteState } from './app.js';
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
export { type ServedFile, servedFiles } from './served.js';
export { listen, type RunningServer } from './server.js';
