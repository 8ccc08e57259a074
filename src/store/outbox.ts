import {
  bucketMinute,
  CAP_HORIZON_MS,
  type CapBucket,
  type ClaimSource,
  capsOn,
  capsResumeAt,
  type Delivery,
  type Outbox,
  type Outcome,
  roomUnderCaps,
  type Step,
  type StepResult,
  withStarted,
} from '../send/index.js';
import type { Db } from './database.js';
import { type Answer, outboxDriver, type Work } from './outbox-drivers.js';
import { type ClaimedRow, clip, type OutboxDialect, toDelivery } from './outbox-statements.js';
import { heartbeat, registerWorker, removeWorker } from './send-workers.js';

/**
 * The send loop's outbox on either database: the claim, the group commit of outcomes and starts
 * under the caps, and the sweep of dead workers' rows. The logic is written once, below; the
 * statements in `outbox-statements.ts`, and how each database runs them in `outbox-drivers.ts`.
 */
export function createOutbox(db: Db): Outbox {
  const driver = outboxDriver(db);
  return {
    registerWorker: (worker, runId, now) => registerWorker(db, worker, runId, now),
    heartbeat: (worker, now) => heartbeat(db, worker, now),
    removeWorker: (worker) => removeWorker(db, worker),
    claim: (runId, worker, limit, now, sources) =>
      driver.run(claim(runId, worker, limit, now, sources)),
    step: (worker, work, now) => driver.transaction(step(driver.dialect, worker, work, now)),
    sweep: (runId, now, deadAfterMs) => driver.transaction(sweep(runId, now, deadAfterMs)),
  };
}

/** One statement per source, in order, until `limit` rows are this worker's. */
function* claim(
  runId: string,
  worker: string,
  limit: number,
  now: Date,
  sources: readonly ClaimSource[],
): Work<Delivery[]> {
  const result: Delivery[] = [];
  for (const source of sources) {
    if (result.length >= limit) break;
    const { rows } = yield {
      statement: `claim_${source}`,
      params: { run: runId, worker, now: now.getTime(), limit: limit - result.length },
    };
    const claimed = (rows as unknown as ClaimedRow[]).map(toDelivery).sort((a, b) => a.id - b.id);
    result.push(...claimed);
  }
  return result;
}

/**
 * Outcomes first (each kind in one statement), then starts under the caps. A start another
 * worker took frees its place for the next in line, as if it had not been asked for.
 */
function* step(d: OutboxDialect, worker: string, work: Step, now: Date): Work<StepResult> {
  const at = now.getTime();
  const capped = capsOn(work.caps) && work.start.length > 0;
  // The caps lock first: this step's outcomes and starts then commit as one, after the reservation.
  if (capped && d.lockCaps) yield { statement: 'lockCaps', params: {} };
  const lost = yield* record(d, worker, work.outcomes, at);
  let room = work.start.length;
  let buckets: CapBucket[] = [];
  if (capped) {
    yield { statement: 'prune', params: { before: at - CAP_HORIZON_MS } };
    const { rows } = yield { statement: 'buckets', params: { since: at - CAP_HORIZON_MS } };
    buckets = rows.map((row) => ({ minute: Number(row.minute), used: Number(row.used) }));
    room = Math.min(room, roomUnderCaps(work.caps, buckets, now));
  }
  const started: number[] = [];
  let tried = 0;
  while (tried < work.start.length && started.length < room) {
    const batch = work.start.slice(tried, tried + room - started.length);
    tried += batch.length;
    const marked = ids(yield { statement: 'start', params: { ids: d.list(batch), worker } });
    for (const id of batch) (marked.has(id) ? started : lost).push(id);
  }
  if (!capped) return { lost, started, resumeAt: null };
  if (started.length > 0) {
    yield { statement: 'take', params: { minute: bucketMinute(now), used: started.length } };
    withStarted(buckets, now, started.length);
  }
  const blocked = tried < work.start.length;
  return { lost, started, resumeAt: blocked ? capsResumeAt(work.caps, buckets, now) : null };
}

/** Writes outcomes in batches; returns the ids this worker no longer held. */
function* record(
  d: OutboxDialect,
  worker: string,
  outcomes: readonly Outcome[],
  at: number,
): Work<number[]> {
  const kept = new Set<number>();
  const keep = (answer: Answer) => {
    for (const id of ids(answer)) kept.add(id);
  };
  const idsOf = (status: Outcome['status']) =>
    outcomes.filter((o) => o.status === status).map((o) => o.id);
  const sent = idsOf('sent');
  if (sent.length > 0) {
    keep(yield { statement: 'sent', params: { ids: d.list(sent), worker, now: at } });
  }
  const requeued = idsOf('requeue');
  if (requeued.length > 0) {
    keep(yield { statement: 'requeue', params: { ids: d.list(requeued), worker } });
  }
  const deferred = [];
  const ended = [];
  const bounced = [];
  for (const o of outcomes) {
    if (o.status === 'sent' || o.status === 'requeue') continue;
    const error = clip(o.error);
    if (o.status === 'deferred') {
      deferred.push({ id: o.id, next: o.nextAttemptAt.getTime(), error, code: o.code });
      continue;
    }
    ended.push({ id: o.id, status: o.status, error, code: o.status === 'skipped' ? null : o.code });
    if (o.status === 'bounced') bounced.push({ id: o.id, subscriber: o.subscriberId, error });
  }
  if (deferred.length > 0) {
    const rows = JSON.stringify(deferred);
    keep(yield { statement: 'deferred', params: { rows, worker, now: at } });
  }
  if (ended.length > 0)
    keep(yield { statement: 'ended', params: { rows: JSON.stringify(ended), worker } });
  // A bounce marks its subscriber bounced only when this worker's row took the outcome.
  const bounces = bounced
    .filter((b) => kept.has(b.id))
    .map((b) => ({ subscriber: b.subscriber, error: clip(b.error, 500) }));
  if (bounces.length > 0) {
    yield { statement: 'bounce', params: { rows: JSON.stringify(bounces), now: at } };
  }
  return outcomes.map((o) => o.id).filter((id) => !kept.has(id));
}

function* sweep(
  runId: string,
  now: Date,
  deadAfterMs: number,
): Work<{ queued: number; unknown: number }> {
  yield { statement: 'dropDead', params: { cutoff: now.getTime() - deadAfterMs } };
  const queued = yield { statement: 'requeueDead', params: { run: runId } };
  const unknown = yield { statement: 'unknownDead', params: { run: runId } };
  return { queued: queued.changes, unknown: unknown.changes };
}

function ids(answer: Answer): Set<number> {
  return new Set(answer.rows.map((row) => Number(row.id)));
}
