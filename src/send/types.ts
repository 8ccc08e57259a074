/** What a send run is made of, as the send loop sees it (the store maps its rows onto these). */

export type RunStatus = 'planned' | 'sending' | 'throttled' | 'done' | 'failed' | 'cancelled';
/** Statuses of a run that still has work: a crash can leave a run in any of them. */
export const UNFINISHED: readonly RunStatus[] = ['planned', 'sending', 'throttled', 'failed'];

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';
export type Frequency = 'daily' | 'weekly';

export interface RunInput {
  kind: string;
  frequency: Frequency;
  /** Run-wide category filter; empty: every category. */
  categories: string[];
  startedBy: string;
  /** The planning instant: the end of the window. */
  now: Date;
  windowStart: Date | null;
}

export interface Run {
  id: string;
  kind: string;
  frequency: Frequency;
  categories: string[];
  status: RunStatus;
  startedBy: string;
  windowStart: Date | null;
  windowEnd: Date;
  planned: number;
  sent: number;
  failed: number;
  skipped: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  lastError: string | null;
}

/** A confirmed subscriber of the run's frequency, with the history the selection needs. */
export interface DueSubscriber {
  id: string;
  email: string;
  name: string | null;
  /** Empty: every category. */
  categories: string[];
  lastDigestAt: Date | null;
  sentArticleIds: ReadonlySet<string>;
}

/** What one delivery carries, fixed at planning so a resumed run sends the same digest. */
export interface DigestContent {
  articleIds: string[];
  /** Articles that matched but did not fit. */
  moreCount: number;
}

export interface Delivery extends DigestContent {
  id: number;
  runId: string;
  subscriberId: string;
  email: string;
  name: string | null;
  /** Deterministic: the same delivery always carries the same Message-ID. */
  messageId: string;
  attempts: number;
}

/** How one delivery ended, as recorded by the store. */
export type Outcome =
  | { status: 'sent'; id: number; response: string }
  | { status: 'failed'; id: number; error: string; bounce: boolean; subscriberId: string }
  | { status: 'skipped'; id: number; error: string };

export interface DeliveryCounts {
  pending: number;
  sending: number;
  sent: number;
  failed: number;
  skipped: number;
}
