export {
  type AuditEntry,
  type AuditFilter,
  type AuditRow,
  boundedJson,
  listAudit,
  listAuditPage,
  recordAudit,
} from './admin-audit.js';
export { recordArticlesSeen } from './articles-seen.js';
export { createBounceStore } from './bounces.js';
export { createGuardStore } from './complaint-rates.js';
export { createComplaintStore, createDeliveryLookup } from './complaints.js';
export {
  type ConsoleQueries,
  createConsoleQueries,
  type SubscriberFilter,
} from './console-queries.js';
export {
  type ConsoleSessionRecord,
  type ConsoleSessionStore,
  createConsoleSessionStore,
} from './console-sessions.js';
export { type AuditOutcome, recentAuditOutcomes } from './console-sign-ins.js';
export { type Db, type Dialect, openDatabase } from './database.js';
export { findDigest, type StoredDigest, saveDigest } from './digests.js';
export { createHookStore } from './hook-events.js';
export { migrateToLatest } from './migrate.js';
export { cancelRun, haltOf, pauseRun, unpauseRun } from './run-control.js';
export { createSlotStore } from './schedule-slots.js';
export type {
  BounceReportsTable,
  ConsoleSessionsTable,
  Database,
  DeliveriesTable,
  Frequency,
  SendRunsTable,
  SubscriberStatus,
  SubscribersTable,
} from './schema.js';
export { createDeliveryStore } from './send-store.js';
export { recordStoppedRun, type StoppedRun } from './stopped-runs.js';
export { findSubscriberByEmail, type SubscriberSummary } from './subscriber-lookup.js';
export {
  countSubscribersByStatus,
  pingDatabase,
  type SubscriberQuery,
  type SubscriberRow,
  searchSubscribers,
} from './subscriber-search.js';
export { createSubscriberRepository } from './subscribers.js';
