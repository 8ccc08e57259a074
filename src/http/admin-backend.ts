import type { FailureLine, OperatorRequest, RunAction, RunSummary } from '../send/index.js';
import type { AuditEntry, SubscriberQuery, SubscriberRow } from '../store/index.js';

/**
 * What the admin API acts through: the serving process's runner and the store, as `gazette
 * serve` wires them (`src/app/admin.ts`). It answers in the domains' terms; the statuses and
 * the JSON are the API's (`admin.ts`, `admin-json.ts`).
 */
export interface AdminBackend {
  /**
   * Plans a run now (a dry run: plans and renders, writes nothing) and sends it in the
   * background. `unfinished`: a run of the frequency is unfinished (or paused) and comes first.
   */
  startSend(
    request: OperatorRequest,
  ): Promise<{ started: RunSummary } | { unfinished: RunSummary }>;
  /** Newest first. */
  runs(limit: number): Promise<RunSummary[]>;
  run(id: string): Promise<{ summary: RunSummary; failures: FailureLine[] } | undefined>;
  /**
   * An operator's button, as in the console: pause (every worker stops), resume (this server
   * works on it), cancel, or retry failed deliveries (`unknown`: also those in doubt). `changed`
   * is 0 when the run was not in a state for it. Refused: no such run, or a retry of a paused run.
   */
  controlRun(
    id: string,
    action: RunAction,
    options: { unknown: boolean },
  ): Promise<
    | { summary: RunSummary; changed: number }
    | { refused: 'missing' }
    | { refused: 'paused'; reason: string }
  >;
  subscribers(query: SubscriberQuery): Promise<{ rows: SubscriberRow[]; total: number }>;
  /** A first digest for a subscriber (their categories, their address) or for categories. */
  preview(
    query: { email: string } | { categories: string[] },
  ): Promise<{ html: string; subject: string } | { missing: 'subscriber' | 'articles' }>;
  /** The category slugs known now. */
  categories(): string[];
  audit(entry: AuditEntry): Promise<void>;
  /** Seconds a client waits after too many wrong tokens (the console's rule); 0: it may try. */
  signInWait(ip: string | null, now: Date): Promise<number>;
  /** A request refused while its client waits: counted in the minute's row, not a row each. */
  auditRefusal(entry: AuditEntry): Promise<void>;
}
