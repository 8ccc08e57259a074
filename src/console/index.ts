import type { SendDeps } from '../send/index.js';
import {
  createGuardStore,
  createRunLedger,
  createSubscriberRepository,
  type Db,
  listAudit,
  listAuditPage,
  recordAudit,
  recordRefusal,
} from '../store/index.js';
import type { SubscriptionService } from '../subscribers/index.js';
import { createImportRegistry } from './imports.js';
import { createConsoleQueries } from './queries.js';
import { createRunRegistry } from './runs.js';
import { createSender } from './sender.js';
import { createSessions } from './sessions.js';
import { createSignInLimiter } from './sign-ins.js';
import type { DoctorCheck, RunWorker } from './types.js';

export { auditRetentionJob } from './audit-retention.js';
export type { ImportJob, ImportOrigin, ImportRegistry } from './imports.js';
export type { ConsoleQueries } from './queries.js';
export type { RunRegistry } from './runs.js';
export type { PreviewResult, Sender } from './sender.js';
export type { Session, Sessions, SignInClient } from './sessions.js';
export {
  ADMIN_API_AUDIT,
  type AttemptAudit,
  createSignInLimiter,
  SIGN_IN_AUDIT,
  type SignInLimiter,
} from './sign-ins.js';
export type {
  AuditLog,
  DoctorCheck,
  Progress,
  RunWorker,
  SendChoice,
} from './types.js';

/**
 * What the operator console acts through: the store's reads, the audit log, the serving
 * process's runner (the one behind the admin API and the scheduler), the send domain wired as
 * `gazette send` wires it (reach, previews, tests, dry runs) and the subscription service. Built
 * once by `gazette serve`.
 */
export function createConsoleServices(options: {
  db: Db;
  sendDeps: (extra: Partial<SendDeps>) => Promise<SendDeps>;
  runner: RunWorker;
  subscriptions: SubscriptionService;
  clock?: () => Date;
  /** The `gazette doctor` checks, where a build has them; the dashboard shows each failure. */
  doctor?: () => Promise<DoctorCheck[]>;
}) {
  const clock = options.clock ?? (() => new Date());
  // Reads go straight to the store; only the Send page and actions build the full send wiring
  // (articles, templates), once per request.
  const store = createRunLedger(options.db);
  const queries = createConsoleQueries(options.db);
  const runs = createRunRegistry({
    store,
    worker: options.runner,
    liveWorkers: queries.liveWorkers,
    clock,
  });
  // The same table and writer as the admin API: one log of what operators did, by either door.
  const audit = {
    record: (entry: Parameters<typeof recordAudit>[1]) => recordAudit(options.db, entry),
    /** A refusal of a locked-out client: counted in the minute's row, not a row each. */
    refusal: (entry: Parameters<typeof recordAudit>[1]) => recordRefusal(options.db, entry),
    recent: (limit: number) => listAudit(options.db, limit),
    page: (filter: Parameters<typeof listAuditPage>[1]) => listAuditPage(options.db, filter),
  };
  return {
    clock,
    queries,
    audit,
    imports: createImportRegistry({ target: options.subscriptions, audit, clock }),
    // Sessions and the failed sign-in count live in the database: every replica shares them.
    sessions: createSessions(options.db),
    signIns: createSignInLimiter(options.db),
    runs,
    sender: createSender({ sendDeps: options.sendDeps, runs, worker: options.runner }),
    deliveries: async () => store,
    subscribers: createSubscriberRepository(options.db),
    subscriptions: options.subscriptions,
    doctor: options.doctor ?? (async () => []),
    /** Complaint and hard-bounce totals, per run and over the last seven days. */
    rates: createGuardStore(options.db),
  };
}

export type ConsoleServices = ReturnType<typeof createConsoleServices>;
