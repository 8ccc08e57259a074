import {
  type Db,
  deliveriesOf,
  deliveriesPerDay,
  liveWorkers,
  runLosses,
  type SubscriberFilter,
  signupsPerDay,
  subscribersBefore,
  subscribersByStatus,
  subscribersPage,
} from '../store/index.js';

/**
 * The console's reads of the store: counts grouped in SQL (the dashboard never loads a table)
 * and keyset pages (the subscribers page costs the same on page 1 and page 1,000).
 */
export function createConsoleQueries(db: Db) {
  return {
    subscribersByStatus: () => subscribersByStatus(db),
    signupsPerDay: (since: Date) => signupsPerDay(db, since),
    subscribersBefore: (since: Date) => subscribersBefore(db, since),
    deliveriesPerDay: (since: Date) => deliveriesPerDay(db, since),
    runLosses: (runId: string, since: Date) => runLosses(db, runId, since),
    subscribersPage: (filter: SubscriberFilter) => subscribersPage(db, filter),
    liveWorkers: (runId: string, since: Date) => liveWorkers(db, runId, since),
    deliveriesOf: (subscriberId: string, limit: number) => deliveriesOf(db, subscriberId, limit),
  };
}

export type ConsoleQueries = ReturnType<typeof createConsoleQueries>;
