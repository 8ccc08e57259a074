import type { RunAction } from '../send/index.js';
import type { AuditEntry } from '../store/index.js';

/** What the admin API needs; `gazette serve` wires it to the send worker and the store. */
export interface AdminService {
  /** Plans a run now (a dry run: plans and renders, writes nothing) and sends it in the background. */
  startSend(request: {
    frequency: 'daily' | 'weekly';
    categories: string[];
    dryRun: boolean;
    startedBy: string;
  }): Promise<{ ok: true; run: AdminRun } | { ok: false; unfinished: AdminRun }>;
  /** Newest first. */
  runs(limit: number): Promise<AdminRun[]>;
  run(id: string): Promise<AdminRunDetail | undefined>;
  subscribers(query: {
    q?: string;
    status?: 'pending' | 'confirmed' | 'unsubscribed' | 'bounced' | 'complained';
    page: number;
    limit: number;
    cursor?: string;
  }): Promise<SubscriberPage>;
  preview(
    query: { email: string } | { categories: string[] },
  ): Promise<{ status: 200; html: string; subject: string } | { status: 400 | 404; error: string }>;
  /**
   * An operator's button, as in the console: pause (every worker stops), resume (this server
   * works on it), cancel, or retry failed deliveries (`unknown`: also those in doubt). `changed`
   * is false (or 0 retried) when the run was not in a state for it.
   */
  controlRun(
    id: string,
    action: RunAction,
    options: { unknown: boolean },
  ): Promise<
    { status: 200; run: AdminRun; changed: number } | { status: 404 | 409; error: string }
  >;
  /** The category slugs known now. */
  categories(): string[];
  audit(entry: AuditEntry): Promise<void>;
}

/** A run as the API shows it: progress with live counts while it is unfinished. */
export interface AdminRun {
  id: string;
  kind: string;
  frequency: 'daily' | 'weekly';
  categories: string[];
  status: string;
  startedBy: string;
  dryRun: boolean;
  /** The schedule slot this run sends, if it was scheduled. */
  slot: { kind: string; at: string } | null;
  planned: number;
  sent: number;
  failed: number;
  skipped: number;
  pending: number;
  inFlight: number;
  /** Sent and failed over planned, 0..1 (1 when nothing was planned). */
  progress: number;
  windowStart: string | null;
  windowEnd: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** When an operator paused it (no worker sends it until it is resumed); null: not paused. */
  pausedAt: string | null;
  /** Why the complaint-rate guard paused it; null for an operator's pause. */
  pauseReason: string | null;
  lastError: string | null;
}

export interface AdminRunDetail extends AdminRun {
  failures: { email: string; error: string; attempts: number }[];
}

export interface SubscriberPage {
  subscribers: {
    id: string;
    email: string;
    name: string | null;
    categories: string[];
    frequency: string;
    status: string;
    timezone: string | null;
    createdAt: string;
    confirmedAt: string | null;
  }[];
  total: number;
  page: number;
  limit: number;
  /** Pass as `?cursor=` for the next page; null on the last. */
  nextCursor: string | null;
}
