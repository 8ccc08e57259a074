import { slotOfTag } from '../schedule/index.js';
import type { FailureLine, RunSummary } from '../send/index.js';
import type { SubscriberRow } from '../store/index.js';

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
  failures: FailureLine[];
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

export function runJson(summary: RunSummary, dryRun = false): AdminRun {
  return {
    id: summary.id,
    kind: summary.kind,
    frequency: summary.frequency,
    categories: summary.categories,
    status: summary.status,
    startedBy: summary.startedBy,
    dryRun,
    slot: slotOfTag(summary.startedBy),
    planned: summary.planned,
    sent: summary.sent,
    failed: summary.failed,
    skipped: summary.skipped,
    pending: summary.pending,
    inFlight: summary.inFlight,
    progress: summary.progress,
    windowStart: summary.windowStart?.toISOString() ?? null,
    windowEnd: summary.windowEnd.toISOString(),
    createdAt: summary.createdAt.toISOString(),
    startedAt: summary.startedAt?.toISOString() ?? null,
    finishedAt: summary.finishedAt?.toISOString() ?? null,
    pausedAt: summary.pausedAt?.toISOString() ?? null,
    pauseReason: summary.pauseReason,
    lastError: summary.lastError,
  };
}

/** The address a `?cursor=` names: the rows after it come next. */
export function cursorAfter(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString();
}

/** One page of a subscriber search, with the cursor of the next when this one is full. */
export function subscriberPage(
  found: { rows: SubscriberRow[]; total: number },
  query: { page: number; limit: number },
): SubscriberPage {
  const { rows, total } = found;
  const last = rows.at(-1);
  return {
    subscribers: rows.map((row) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      confirmedAt: row.confirmedAt?.toISOString() ?? null,
    })),
    total,
    page: query.page,
    limit: query.limit,
    nextCursor:
      last && rows.length === query.limit ? Buffer.from(last.email).toString('base64url') : null,
  };
}
