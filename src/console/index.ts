import type { Logger } from '../log.js';
import type { SendDeps } from '../send/index.js';
import {
  createConsoleQueries,
  createDeliveryStore,
  createSubscriberRepository,
  type Db,
  listAudit,
  recordAudit,
} from '../store/index.js';
import type { SubscriptionService } from '../subscribers/index.js';
import { createRunRegistry } from './runs.js';
import { createSender } from './sender.js';
import type { DoctorCheck } from './types.js';

export type { RunRegistry } from './runs.js';
export type { PreviewResult, Sender } from './sender.js';
export type { AuditLog, DoctorCheck, Progress, RunControl, SendChoice } from './types.js';

/**
 * What the operator console acts through: the store's reads, the audit log, the send domain
 * (wired as `gazette send` wires it) and the subscription service. Built once by `gazette serve`.
 */
export function createConsoleServices(options: {
  db: Db;
  sendDeps: (extra: Partial<SendDeps>) => Promise<SendDeps>;
  subscriptions: SubscriptionService;
  logger: Logger;
  clock?: () => Date;
  /** The `gazette doctor` checks, where a build has them; the dashboard shows each failure. */
  doctor?: () => Promise<DoctorCheck[]>;
}) {
  const clock = options.clock ?? (() => new Date());
  // Reads go straight to the store; only actions build the full send wiring (articles, templates).
  const store = createDeliveryStore(options.db);
  const runs = createRunRegistry({ ...options, store, clock });
  return {
    clock,
    queries: createConsoleQueries(options.db),
    // The same table and writer as the admin API: one log of what operators did, by either door.
    audit: {
      record: (entry: Parameters<typeof recordAudit>[1]) => recordAudit(options.db, entry),
      recent: (limit: number) => listAudit(options.db, limit),
    },
    runs,
    sender: createSender({ sendDeps: options.sendDeps, runs }),
    deliveries: async () => store,
    subscribers: createSubscriberRepository(options.db),
    subscriptions: options.subscriptions,
    doctor: options.doctor ?? (async () => []),
  };
}

export type ConsoleServices = ReturnType<typeof createConsoleServices>;
