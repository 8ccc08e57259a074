export { createArticleUrlStore } from './article-urls.js';
export { recordArticlesSeen } from './articles-seen.js';
export {
  type AuditEntry,
  type AuditFilter,
  type AuditOutcome,
  type AuditRow,
  boundedJson,
  listAudit,
  listAuditPage,
  recentAuditOutcomes,
  recordAudit,
} from './audit-log.js';
export { pruneAudit, recordRefusal } from './audit-upkeep.js';
export { createBounceStore } from './bounce-reports.js';
export { createGuardStore } from './complaint-rates.js';
export { createComplaintStore, createDeliveryLookup } from './complaints.js';
export {
  type ConsoleSessionRecord,
  type ConsoleSessionStore,
  createConsoleSessionStore,
} from './console-sessions.js';
export { type Db, type Dialect, openDatabase, pingDatabase } from './database.js';
export { deliveriesOf, deliveriesPerDay, runLosses } from './delivery-history.js';
export { createDeliveryStore, createRunLedger } from './delivery-store.js';
export { findDigest, type StoredDigest, saveDigest } from './digests.js';
export { createHookStore } from './hook-events.js';
export { migrateToLatest } from './migrate.js';
export { createOutbox } from './outbox.js';
export { recordStoppedRun, type StoppedRun } from './runs.js';
export { createSlotStore } from './schedule-slots.js';
export type { Frequency, SubscriberStatus } from './schema.js';
export { liveWorkers } from './send-workers.js';
export {
  countSubscribersByStatus,
  signupsPerDay,
  subscribersBefore,
  subscribersByStatus,
} from './subscriber-counts.js';
export { findSubscriberByEmail, type SubscriberSummary } from './subscriber-lookup.js';
export {
  type SubscriberFilter,
  type SubscriberPageRow,
  type SubscriberQuery,
  type SubscriberRow,
  searchSubscribers,
  subscribersPage,
} from './subscriber-search.js';
export { createSubscriberRepository } from './subscribers.js';
