import type {
  ClaimSource,
  Delivery,
  DeliveryCounts,
  DigestContent,
  DomainHold,
  DueSubscriber,
  FailureLine,
  Frequency,
  Run,
  RunInput,
  Step,
  StepResult,
} from './types.js';

/**
 * A worker's hold on a run's deliveries: the claim loop (`worker.ts`) and its group commit
 * (`Gate`). Claims are held by a worker whose liveness is its heartbeat row: a row older than
 * `deadAfterMs` is a dead worker, whatever its PID says.
 */
export interface Outbox {
  registerWorker(worker: string, runId: string, now: Date): Promise<void>;
  /** False when the row is gone: another worker judged this one dead and took its claims. */
  heartbeat(worker: string, now: Date): Promise<boolean>;
  removeWorker(worker: string): Promise<void>;
  /**
   * Dead workers (stale heartbeat) lose their rows: `claimed` ones go back to `queued`, `sending`
   * ones become `unknown`.
   */
  sweep(
    runId: string,
    now: Date,
    deadAfterMs: number,
  ): Promise<{ queued: number; unknown: number }>;
  /** One statement per source, in order: up to `limit` rows become this worker's `claimed`. */
  claim(
    runId: string,
    worker: string,
    limit: number,
    now: Date,
    sources: readonly ClaimSource[],
  ): Promise<Delivery[]>;
  /** One group commit: outcomes, then starts under the caps (see `Step`). */
  step(worker: string, step: Step, now: Date): Promise<StepResult>;
}

/** The runs' records: planned and moved on by sends, read by reports, stopped by operators. */
export interface RunLedger {
  /**
   * In one transaction: the run's record and one delivery per due subscriber. `choose` decides
   * for each confirmed subscriber of the frequency: null counts as skipped (nothing new for
   * them), undefined as not this run's (another zone's slot, other categories) and is not
   * counted. With `persist: false` nothing is written (a dry run).
   */
  planRun(
    input: RunInput,
    choose: (subscriber: DueSubscriber) => Promise<DigestContent | null | undefined>,
    options: { persist: boolean; messageId: (runId: string, subscriberId: string) => string },
  ): Promise<Run>;
  /** Unfinished runs of a kind and frequency, oldest first. */
  unfinishedRuns(kind: string, frequency: string): Promise<Run[]>;
  getRun(id: string): Promise<Run | undefined>;
  listRuns(limit: number): Promise<Run[]>;
  counts(runId: string): Promise<DeliveryCounts>;
  /** Moves the run to `sending` (from planned, throttled, failed or done), stamping `started_at`. */
  startRun(runId: string, now: Date): Promise<void>;
  /** A cap is reached: `throttled` until `resumeAt`. */
  throttleRun(runId: string, resumeAt: Date, now: Date): Promise<void>;
  /** Done when no delivery is left to try; records the final counts. False: work remains. */
  finishRun(runId: string, now: Date): Promise<boolean>;
  failRun(runId: string, error: string, now: Date): Promise<void>;
  /** The last failed and bounced deliveries, newest first. */
  failures(runId: string, limit: number): Promise<FailureLine[]>;
  /** Deliveries that were `unknown` and have since been sent again; the next deferred attempt. */
  details(runId: string): Promise<{ inDoubt: number; nextAttemptAt: Date | null }>;
  /**
   * An operator's pause, seen by every worker: each stops within a heartbeat and none takes the
   * run up until `unpauseRun`. The run keeps its status. False: finished or already paused.
   */
  pauseRun(runId: string, now: Date): Promise<boolean>;
  /** False when the run was not paused. */
  unpauseRun(runId: string): Promise<boolean>;
  /**
   * Why workers must stop sending the run: `paused` by an operator, or `closed` (cancelled, or
   * failed in another worker); null: go on. Read at every heartbeat.
   */
  haltOf(runId: string): Promise<'paused' | 'closed' | null>;
  /** Closes an unfinished run; what is still pending is skipped. False: nothing to cancel. */
  cancelRun(runId: string, now: Date): Promise<boolean>;
}

/** Receiving domains held back after a 4xx, shared by every worker (see `DomainDeferrals`). */
export interface DomainHolds {
  holdDomain(hold: DomainHold, now: Date): Promise<void>;
  releaseDomain(domain: string): Promise<void>;
  heldDomains(): Promise<DomainHold[]>;
}

/** Subscribers as a send sees them: confirmed, of a frequency, with their sent history. */
export interface SubscriberLookup {
  /**
   * The confirmed subscriber of `frequency` whose address is `email` (any case, spaces around
   * ignored), with their history as of `now`; undefined: none.
   */
  findDue(email: string, frequency: Frequency, now: Date): Promise<DueSubscriber | undefined>;
  /** Every confirmed subscriber of `frequency`, in id order, read page by page (memory stays flat). */
  eachDue(frequency: Frequency, now: Date): AsyncIterable<DueSubscriber>;
  /** Of these subscribers, those no longer confirmed (unsubscribed or bounced since planning). */
  notConfirmed(subscriberIds: string[]): Promise<Set<string>>;
}

/** What a whole send needs from the database: each part above, as `store/` builds them together. */
export type DeliveryStore = Outbox & RunLedger & DomainHolds & SubscriberLookup;

/** Where the send loop reports a failure it gets over (a pino logger fits). */
export interface SendLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

/** The body of a message as shared chunks with the values that differ between them. */
export interface Filled {
  /** Shared across messages (the same strings), so the mailer can cache their encoding. */
  chunks: readonly string[];
  /** `values[i]` goes between `chunks[i]` and `chunks[i + 1]`. */
  values: readonly string[];
}

export interface MailMessage {
  to: string;
  toName: string | null;
  subject: string;
  html: Filled;
  text: Filled;
  /** Without angle brackets. */
  messageId: string;
  date: Date;
  listUnsubscribe: { https: string; mailto?: string };
  /** SMTP MAIL FROM for this message (a per-delivery bounce address); unset: the mailer's own. */
  envelopeFrom?: string;
  /** The `Feedback-ID` header (`campaign:run:kind:sender`), for Gmail's feedback loop. */
  feedbackId?: string;
}

/**
 * `connection`: the server cannot be reached (pause, retry). `slowdown`: 421 or an enhanced 4.7.x
 * code (lower the rate, retry). `temporary`: another 4xx for this recipient (defer its domain).
 * `permanent`: 5xx for this recipient (bounce). `fatal`: every message would fail alike (stop).
 */
export type MailErrorKind = 'connection' | 'slowdown' | 'temporary' | 'permanent' | 'fatal';

/** A delivery attempt that did not succeed, classified for the retry policy. */
export class MailError extends Error {
  constructor(
    message: string,
    readonly kind: MailErrorKind,
    readonly responseCode?: number,
    /** The enhanced status code (RFC 3463) of the reply, e.g. `4.2.2`. */
    readonly enhanced?: string,
  ) {
    super(message);
    this.name = 'MailError';
  }
}

/**
 * A message outside any list (a confirmation, a preferences link): no `List-*` headers, and its
 * body is one chunk. It goes through the same mailer as digests, signed with the same key.
 */
export type NoticeMessage = Omit<MailMessage, 'listUnsubscribe'> & { listUnsubscribe?: undefined };

/** Sends one message; throws `MailError`. `concurrency` messages may be in flight at once. */
export interface Mailer {
  readonly concurrency: number;
  send(message: MailMessage | NoticeMessage): Promise<{ response: string }>;
  close(): Promise<void>;
}

export interface Recipient {
  email: string;
  name: string | null;
  unsubscribeUrl: string;
  preferencesUrl: string;
}

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

/** The digest for one subscriber, or null when nothing is new for them (never an empty digest). */
export type SelectDigest = (subscriber: DueSubscriber, now: Date) => DigestContent | null;
/**
 * A digest rendered for no one yet: `address` fills one recipient's values in by position,
 * escaped, so no text in the digest can ever stand for them.
 */
export interface UnaddressedDigest {
  subject: string;
  address(recipient: Recipient): { html: Filled; text: Filled };
}

/**
 * Renders planned content (the digest renderer, wired by the CLI): for no one yet, or already
 * for `recipient`.
 */
export type RenderDigest = (
  content: DigestContent,
  recipient: Recipient,
) => Promise<RenderedDigest | UnaddressedDigest>;
/** The envelope sender of one delivery, so a later bounce names it; undefined: the default. */
export type BounceAddress = (delivery: Delivery) => string | undefined;
/** The `Feedback-ID` of a run's messages; undefined: none. */
export type FeedbackIdFor = (runId: string) => Promise<string | undefined>;
/** The subscriber's signed links, absolute. */
export type LinksFor = (
  subscriberId: string,
  now: Date,
) => { unsubscribe: string; preferences: string; mailto?: string };
