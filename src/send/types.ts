/** What a send run is made of, as the send loop sees it (the store maps its rows onto these). */

export type RunStatus = 'planned' | 'sending' | 'throttled' | 'done' | 'failed' | 'cancelled';
/** Statuses of a run that still has work: a crash can leave a run in any of them. */
export const UNFINISHED: readonly RunStatus[] = ['planned', 'sending', 'throttled', 'failed'];

/**
 * Done or cancelled: nothing is left for a worker, nor for an operator's resume. A done run the
 * complaint-rate guard holds (`pausedAt`) is not finished: it waits for an operator's resume.
 */
export function runFinished(run: { status: RunStatus; pausedAt?: Date | null }): boolean {
  return !UNFINISHED.includes(run.status) && !(run.status === 'done' && run.pausedAt);
}

/**
 * A delivery's state, written around its SMTP exchange: `claimed` is held by a worker and not yet
 * handed to SMTP; `sending` is written before the handoff, so a worker that dies leaves `unknown`
 * (the server may have accepted it). `deferred` waits for `nextAttemptAt`; `failed` ran out of
 * soft retries (or could not be rendered); `bounced` got a 5xx.
 */
export type DeliveryStatus =
  | 'queued'
  | 'claimed'
  | 'sending'
  | 'sent'
  | 'deferred'
  | 'failed'
  | 'bounced'
  | 'unknown'
  | 'skipped';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  'queued',
  'claimed',
  'sending',
  'sent',
  'deferred',
  'failed',
  'bounced',
  'unknown',
  'skipped',
];
export type Frequency = 'daily' | 'weekly';

/** Scheduled and operator runs are digest runs alike: one unfinished run per frequency at most. */
export const RUN_KIND = 'digest';

/** An operator's four buttons on a run, the same in the console, the admin API and the CLI. */
export const RUN_ACTIONS = ['pause', 'resume', 'cancel', 'retry'] as const;
export type RunAction = (typeof RUN_ACTIONS)[number];

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
  /** While `throttled`: when a send cap lets the run go on. */
  resumeAt: Date | null;
  /** When an operator paused it: no worker sends it until it is resumed or cancelled. */
  pausedAt: Date | null;
  /** Why it is paused when the complaint-rate guard paused it; null for an operator's pause. */
  pauseReason: string | null;
}

/** A receiving domain held back until `until`; `failures` refusals in a row set the backoff. */
export interface DomainHold {
  domain: string;
  until: Date;
  failures: number;
}

/** A confirmed subscriber of the run's frequency, with the history the selection needs. */
export interface DueSubscriber {
  id: string;
  email: string;
  name: string | null;
  /** Empty: every category. */
  categories: string[];
  /** The reader's IANA zone, as stored; null or absent: the site's. */
  timezone?: string | null;
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
  /** The first soft failure, if any: soft retries give up some hours after it. */
  firstDeferredAt?: Date | null;
}

/**
 * What the store records after an exchange (or instead of one). `requeue`: the server asked us to
 * slow down, so the delivery goes back to `claimed` in the same worker's hands and is tried again.
 * A bounce also marks its subscriber bounced.
 */
export type Outcome =
  | { status: 'sent'; id: number; response: string }
  | { status: 'deferred'; id: number; error: string; code: number | null; nextAttemptAt: Date }
  | { status: 'failed'; id: number; error: string; code: number | null }
  | { status: 'bounced'; id: number; error: string; code: number | null; subscriberId: string }
  | { status: 'skipped'; id: number; error: string }
  | { status: 'requeue'; id: number };

export type DeliveryCounts = Record<DeliveryStatus, number>;

/** Rolling caps over every worker; 0: none. */
export interface SendCaps {
  hourly: number;
  daily: number;
}

/**
 * One group commit of a worker: outcomes first, then the deliveries about to be handed to SMTP
 * (marked `sending`, each counted under the caps).
 */
export interface Step {
  outcomes: Outcome[];
  start: number[];
  caps: SendCaps;
}

export interface StepResult {
  /** Ids (of outcomes or starts) this worker no longer held: another worker took the row. */
  lost: number[];
  /** Of `start`, those now `sending`, in order. */
  started: number[];
  /** Set when a cap held some starts back: the first instant one more may start. */
  resumeAt: Date | null;
}

/** Which rows a worker claims: a run's work, or an operator's retry of failed (and unknown) rows. */
export type ClaimSource = 'queued' | 'deferred' | 'unknown' | 'failed';

export interface FailureLine {
  email: string;
  status: 'failed' | 'bounced';
  code: number | null;
  error: string;
  attempts: number;
}

/** A run as `runs show` and the admin API report it. */
export interface RunReport extends Run {
  counts: DeliveryCounts;
  /** Delivered after being `unknown`: possibly twice. */
  inDoubt: number;
  /** The next deferred attempt, if any. */
  nextAttemptAt: Date | null;
  failures: FailureLine[];
}
