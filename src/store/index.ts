export { recordArticlesSeen } from './articles-seen.js';
export { type Db, type Dialect, openDatabase } from './database.js';
export { migrateToLatest } from './migrate.js';
export type { Database, Frequency, SubscriberStatus, SubscribersTable } from './schema.js';
export { createSubscriberRepository } from './subscribers.js';
