import { randomBytes } from 'node:crypto';
import type { Composer } from './compose.js';
import type { DeliveryStore, Mailer } from './ports.js';
import { Recorder } from './recorder.js';
import { defaultRetry, type RetryPolicy, sendWithRetry } from './retry.js';
import type { Delivery, Outcome } from './types.js';

export type SendEvent =
  | { type: 'progress'; sent: number; failed: number; skipped: number }
  | { type: 'paused'; error: string; retryInMs: number }
  | { type: 'resumed' };

export interface WorkerOptions {
  store: DeliveryStore;
  mailer: Mailer;
  composer: Composer;
  runId: string;
  clock: () => Date;
  /** Rows claimed per statement. */
  batchSize?: number;
  heartbeatMs?: number;
  /** A worker whose heartbeat is older than this is dead; its claims are swept back. */
  deadAfterMs?: number;
  retry?: RetryPolicy;
  onEvent?: (event: SendEvent) => void;
  signal?: AbortSignal;
}

export interface WorkerResult {
  worker: string;
  sent: number;
  failed: number;
  skipped: number;
  /** Accepted by SMTP after another worker had taken the row (a possible double). */
  lost: number;
  finished: boolean;
}

/**
 * One worker on one run: `mailer.concurrency` lanes share a queue refilled by claims; each lane
 * composes, sends with retries and waits for its outcome to be written. When nothing is left to
 * claim it waits for other workers' in-flight rows (or their death) and finishes the run.
 */
export async function runWorker(options: WorkerOptions): Promise<WorkerResult> {
  const { store, mailer, composer, runId, clock } = options;
  const batchSize = options.batchSize ?? 200;
  const heartbeatMs = options.heartbeatMs ?? 500;
  const deadAfterMs = options.deadAfterMs ?? 3_000;
  const retry = options.retry ?? defaultRetry;
  const worker = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const result: WorkerResult = {
    worker,
    sent: 0,
    failed: 0,
    skipped: 0,
    lost: 0,
    finished: false,
  };
  let leaseLost = false;
  let fatal: unknown;
  const stopped = () => leaseLost || fatal !== undefined || options.signal?.aborted === true;
  const emit = () =>
    options.onEvent?.({
      type: 'progress',
      sent: result.sent,
      failed: result.failed,
      skipped: result.skipped,
    });

  const recorder = new Recorder(store, worker, clock, (outcomes, lost) => {
    const lostSet = new Set(lost);
    for (const o of outcomes) if (!lostSet.has(o.id)) result[o.status]++;
    result.lost += lost.length;
    emit();
  });

  await store.registerWorker(worker, runId, clock());
  await store.sweep(runId, clock(), deadAfterMs);
  let beating = false;
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    store
      .heartbeat(worker, clock())
      .then((alive) => {
        if (!alive) leaseLost = true;
        return store.sweep(runId, clock(), deadAfterMs);
      })
      .catch(() => {})
      .finally(() => {
        beating = false;
      });
  }, heartbeatMs);

  let queue: Delivery[] = [];
  let exhausted = false;
  let claiming: Promise<void> | undefined;
  const refill = async () => {
    const claimed = await store.claim(runId, worker, batchSize, clock());
    if (claimed.length === 0) exhausted = true;
    const gone = await store.notConfirmed(claimed.map((d) => d.subscriberId));
    const skips: Outcome[] = [];
    for (const d of claimed) {
      if (gone.has(d.subscriberId)) {
        skips.push({ status: 'skipped', id: d.id, error: 'no longer subscribed' });
      } else queue.push(d);
    }
    await Promise.all(skips.map((s) => recorder.add(s)));
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
      let outcome: Outcome;
      try {
        const message = await composer.compose(delivery, clock());
        const attempt = await sendWithRetry(mailer, message, retry, {
          sleep: (ms) => sleep(ms, options.signal),
          stopped,
          paused: (error, retryInMs) => options.onEvent?.({ type: 'paused', error, retryInMs }),
          resumed: () => options.onEvent?.({ type: 'resumed' }),
        });
        if (attempt.status === 'stopped') return;
        outcome =
          attempt.status === 'sent'
            ? { status: 'sent', id: delivery.id, response: attempt.response }
            : {
                status: 'failed',
                id: delivery.id,
                error: attempt.error,
                bounce: attempt.bounce,
                subscriberId: delivery.subscriberId,
              };
      } catch (error) {
        if (isFatal(error)) {
          fatal ??= error;
          return;
        }
        // A digest that cannot be rendered (an article gone since planning) fails alone.
        outcome = {
          status: 'failed',
          id: delivery.id,
          error: `render: ${error instanceof Error ? error.message : String(error)}`,
          bounce: false,
          subscriberId: delivery.subscriberId,
        };
      }
      await recorder.add(outcome);
    }
  };

  try {
    for (;;) {
      await Promise.all(Array.from({ length: mailer.concurrency }, lane));
      if (stopped()) break;
      const counts = await store.counts(runId);
      if (counts.pending > 0) {
        exhausted = false;
        continue;
      }
      if (counts.sending === 0) {
        result.finished = await store.finishRun(runId, clock());
        if (result.finished) break;
      }
      // Other workers hold rows: wait for them to finish, or for the sweep to free a dead one's.
      await sleep(heartbeatMs, options.signal);
      await store.sweep(runId, clock(), deadAfterMs);
      exhausted = false;
    }
  } finally {
    clearInterval(timer);
    queue = [];
    // Our unsent claims go back to pending at once: without our row, the sweep frees them.
    await store.removeWorker(worker);
    await store.sweep(runId, clock(), deadAfterMs);
  }
  if (fatal !== undefined) {
    const message = fatal instanceof Error ? fatal.message : String(fatal);
    await store.failRun(runId, message, clock());
    throw fatal;
  }
  return result;
}

function isFatal(error: unknown): boolean {
  return (error as { kind?: string })?.kind === 'fatal';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
