import { processTag } from '../process-tag.js';
import type { Composer } from './compose.js';
import { type DeliverContext, deliver, Fatal } from './deliver.js';
import { DomainDeferrals } from './domains.js';
import { Gate } from './gate.js';
import { startHeartbeat } from './heartbeat.js';
import { createPace } from './pace.js';
import type {
  DomainHolds,
  Mailer,
  Outbox,
  RunLedger,
  SendLogger,
  SubscriberLookup,
} from './ports.js';
import { defaultRetry, type RetryPolicy } from './retry.js';
import { sleep, waitUntil } from './sleep.js';
import type { ClaimSource, Delivery, DeliveryCounts, SendCaps } from './types.js';

/**
 * What a worker tells whoever listens (the progress bar, metrics). `progress` carries this
 * worker's running totals after every group commit.
 */
export type SendEvent =
  | {
      type: 'progress';
      sent: number;
      failed: number;
      bounced: number;
      deferred: number;
      skipped: number;
    }
  | { type: 'paused'; error: string; retryInMs: number }
  | { type: 'resumed' }
  | { type: 'throttled'; resumeAt: Date }
  | { type: 'rate'; perSecond: number; reason: 'slowdown' | 'recovering' | 'recovered' }
  | { type: 'deferred'; domain: string; until: Date; error: string };

/** What one worker reads and writes: its claims, the run's record, the shared domain holds. */
export type WorkerStore = Outbox &
  DomainHolds &
  Pick<SubscriberLookup, 'notConfirmed'> &
  Pick<
    RunLedger,
    'haltOf' | 'startRun' | 'throttleRun' | 'counts' | 'details' | 'finishRun' | 'failRun'
  >;

export interface WorkerOptions {
  store: WorkerStore;
  mailer: Mailer;
  composer: Composer;
  runId: string;
  clock: () => Date;
  /** Waits until `clock()` reads `until` (throttles, deferrals): a test's clock may jump. */
  wait?: (until: Date, signal?: AbortSignal) => Promise<void>;
  /** Process liveness (heartbeats) is real time, whatever the run's clock says. */
  liveness?: () => Date;
  caps?: SendCaps;
  /** Messages per second at most (0: none); `adaptive` lowers it when the server asks. */
  rate?: number;
  adaptive?: boolean;
  /** Default: the run's work. A retry: `['failed']`, and `'unknown'` when the operator says so. */
  sources?: readonly ClaimSource[];
  batchSize?: number;
  heartbeatMs?: number;
  /** A worker whose heartbeat is older than this is dead; its rows are swept. */
  deadAfterMs?: number;
  retry?: RetryPolicy;
  onEvent?: (event: SendEvent) => void;
  /** Where failures the worker gets over (a heartbeat, a sweep, a shared hold) are reported. */
  logger?: SendLogger;
  signal?: AbortSignal;
}

export interface WorkerResult {
  worker: string;
  sent: number;
  failed: number;
  bounced: number;
  deferred: number;
  skipped: number;
  /** Rows another worker had taken by the time this one wrote (a possible double). */
  lost: number;
  finished: boolean;
  /** Stopped (or never started) because an operator paused the run. */
  paused: boolean;
}

const RUN_SOURCES: readonly ClaimSource[] = ['deferred', 'queued', 'unknown'];

/**
 * One worker on one run: `mailer.concurrency` lanes share a queue refilled by claims. When nothing
 * is left to claim it waits for deferred rows to come due and for other workers' rows (or their
 * death), then finishes the run. A retry (`sources` without `queued`) makes one pass over the rows
 * it was asked for, then goes on only with what that pass deferred, and only if nothing else of
 * the run is left.
 */
export async function runWorker(options: WorkerOptions): Promise<WorkerResult> {
  const { store, mailer, composer, runId, clock } = options;
  const batchSize = options.batchSize ?? 200;
  const heartbeatMs = options.heartbeatMs ?? 500;
  const deadAfterMs = options.deadAfterMs ?? 3_000;
  const retry = options.retry ?? defaultRetry;
  const caps = options.caps ?? { hourly: 0, daily: 0 };
  const live = options.liveness ?? (() => new Date());
  const wait = options.wait ?? ((until, signal) => waitUntil(until, clock, signal));
  const worker = processTag();
  const result: WorkerResult = {
    worker,
    sent: 0,
    failed: 0,
    bounced: 0,
    deferred: 0,
    skipped: 0,
    lost: 0,
    finished: false,
    paused: false,
  };
  // A retry reopens a failed or finished run itself (`startRun`): only a pause stops it here.
  if ((await store.haltOf(runId)) === 'paused') return { ...result, paused: true };
  // Stops waits and sleeps on the caller's signal, and on a pause seen at a heartbeat.
  const halt = new AbortController();
  const signal = halt.signal;
  const onCallerAbort = () => halt.abort();
  let leaseLost = false;
  /** Cancelled, or failed in another worker, while this one was on it. */
  let closed = false;
  let fatal: unknown;
  const stopped = () =>
    leaseLost || closed || result.paused || fatal !== undefined || options.signal?.aborted === true;
  const emit = options.onEvent ?? (() => {});

  const gate = new Gate(
    store,
    worker,
    caps,
    clock,
    (outcomes, written) => {
      const lost = new Set(written.lost);
      for (const o of outcomes) if (!lost.has(o.id) && o.status !== 'requeue') result[o.status]++;
      result.lost += written.lost.length;
      const { sent, failed, bounced, deferred, skipped } = result;
      emit({ type: 'progress', sent, failed, bounced, deferred, skipped });
    },
    (error) => {
      fatal ??= error;
    },
  );

  let throttle: { until: number; done: Promise<void> } | undefined;
  const throttled = (resumeAt: Date): Promise<void> => {
    if (throttle && throttle.until >= resumeAt.getTime()) return throttle.done;
    const done = (async () => {
      await store.throttleRun(runId, resumeAt, clock());
      emit({ type: 'throttled', resumeAt });
      await wait(resumeAt, signal);
      if (!stopped()) await store.startRun(runId, clock());
    })();
    throttle = { until: resumeAt.getTime(), done };
    return done;
  };

  const warn = (error: unknown, message: string) =>
    options.logger?.warn({ err: error, runId, worker }, message);
  const domains = new DomainDeferrals(
    retry,
    {
      hold: (hold) => store.holdDomain(hold, clock()),
      release: (domain) => store.releaseDomain(domain),
    },
    (error) => warn(error, 'send worker: sharing a domain hold failed; other workers learn later'),
  );
  const ctx: DeliverContext = {
    mailer,
    composer,
    gate,
    pace: createPace({
      ceiling: options.rate ?? 0,
      adaptive: options.adaptive ?? true,
      onChange: (perSecond, reason) => emit({ type: 'rate', perSecond, reason }),
    }),
    domains,
    retry,
    clock,
    stopped,
    sleep: (ms) => sleep(ms, signal),
    throttled,
    onDeferred: (domain, until, error) => emit({ type: 'deferred', domain, until, error }),
    onPaused: (error, retryInMs) => emit({ type: 'paused', error, retryInMs }),
    onResumed: () => emit({ type: 'resumed' }),
  };

  await store.registerWorker(worker, runId, live());
  await store.sweep(runId, live(), deadAfterMs);
  await domains.merge(() => store.heldDomains());
  const stopHeartbeat = startHeartbeat({
    store,
    worker,
    runId,
    domains,
    live,
    everyMs: heartbeatMs,
    deadAfterMs,
    onLeaseLost: () => {
      leaseLost = true;
    },
    onHalt: (reason) => {
      result.paused ||= reason === 'paused';
      closed ||= reason === 'closed';
      halt.abort();
    },
    warn,
  });

  let sources = options.sources ?? RUN_SOURCES;
  let queue: Delivery[] = [];
  let exhausted = false;
  let claiming: Promise<void> | undefined;
  const refill = async () => {
    const claimed = await store.claim(runId, worker, batchSize, clock(), sources);
    if (claimed.length === 0) exhausted = true;
    const gone = await store.notConfirmed(claimed.map((d) => d.subscriberId));
    for (const d of claimed) {
      if (gone.has(d.subscriberId)) {
        gate.record({ status: 'skipped', id: d.id, error: 'no longer subscribed' });
      } else queue.push(d);
    }
  };
  const next = async (): Promise<Delivery | undefined> => {
    while (queue.length === 0 && !exhausted && !stopped()) {
      claiming ??= refill().finally(() => {
        claiming = undefined;
      });
      await claiming;
    }
    return stopped() ? undefined : queue.shift();
  };
  const lane = async () => {
    for (;;) {
      const delivery = await next();
      if (!delivery) return;
      try {
        await deliver(ctx, delivery);
      } catch (error) {
        fatal ??= error instanceof Fatal ? error.reason : error;
        return;
      }
    }
  };

  // Added here, where the `finally` below removes it: a long-lived caller signal keeps no stale one.
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  if (options.signal?.aborted) halt.abort();
  try {
    for (;;) {
      await Promise.all(Array.from({ length: mailer.concurrency }, lane));
      await gate.flush();
      if (stopped()) break;
      exhausted = false;
      const c = await store.counts(runId);
      if (!sources.includes('queued')) {
        // A retry's pass is over: go on only with what it deferred, and only in a finished run.
        if (c.queued + c.unknown + c.claimed + c.sending > 0) break;
        sources = ['deferred'];
      }
      if (claimable(c, sources) > 0) continue;
      const held = c.claimed + c.sending;
      if (held === 0 && c.deferred === 0) {
        result.finished = await store.finishRun(runId, clock());
        if (result.finished) break;
        continue;
      }
      const { nextAttemptAt } = await store.details(runId);
      if (nextAttemptAt && nextAttemptAt <= clock()) continue;
      if (held === 0 && nextAttemptAt) {
        await wait(nextAttemptAt, signal);
        continue;
      }
      // Other workers hold rows: wait for them to finish, or for the sweep to free a dead one's.
      await sleep(heartbeatMs, signal);
      await store.sweep(runId, live(), deadAfterMs);
    }
  } finally {
    stopHeartbeat();
    options.signal?.removeEventListener('abort', onCallerAbort);
    queue = [];
    // A failed write already stopped the run through the gate's `onError` (`fatal`, below).
    await gate.flush().catch(() => {});
    // Our unsent claims go back to the queue at once: without our row, the sweep frees them.
    await store.removeWorker(worker);
    await store.sweep(runId, live(), deadAfterMs);
  }
  if (fatal !== undefined) {
    const message = fatal instanceof Error ? fatal.message : String(fatal);
    await store.failRun(runId, message, clock());
    throw fatal;
  }
  return result;
}

function claimable(c: DeliveryCounts, sources: readonly ClaimSource[]): number {
  let n = 0;
  for (const source of sources) if (source !== 'deferred') n += c[source];
  return n;
}
