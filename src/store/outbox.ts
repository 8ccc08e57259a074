import type SQLite from 'better-sqlite3';
import type { ClaimSource, Delivery, Outcome, Step, StepResult } from '../send/index.js';
import {
  CLAIM_SET,
  CLAIMED_COLUMNS,
  type ClaimedRow,
  clip,
  SOURCE_FILTER,
  toDelivery,
} from './outbox-rows.js';
import { capsOn, DAY, freeSlots, resumeAt, type SlotRow, slotMinute } from './send-slots.js';

/**
 * The send loop's hot statements on SQLite, prepared once per connection and run synchronously:
 * a step is one `BEGIN IMMEDIATE` transaction (the write lock up front, so two processes never
 * both read the caps and then both write). better-sqlite3 binds `@name` parameters; the shared
 * SQL text says `$name`, which SQLite reads the same way.
 */
export interface SqliteOutbox {
  claim(
    runId: string,
    worker: string,
    limit: number,
    now: Date,
    sources: readonly ClaimSource[],
  ): Delivery[];
  step(worker: string, step: Step, now: Date): StepResult;
  sweep(runId: string, now: Date, deadAfterMs: number): { queued: number; unknown: number };
}

const cache = new WeakMap<SQLite.Database, SqliteOutbox>();

export function sqliteOutbox(database: SQLite.Database): SqliteOutbox {
  let outbox = cache.get(database);
  if (!outbox) {
    outbox = prepare(database);
    cache.set(database, outbox);
  }
  return outbox;
}

function prepare(database: SQLite.Database): SqliteOutbox {
  const held = `claimed_by = $worker and status in ('claimed', 'sending')`;
  const claims = Object.fromEntries(
    Object.entries(SOURCE_FILTER).map(([source, { where, order }]) => [
      source,
      database.prepare(
        `update deliveries set ${CLAIM_SET} where id in (select id from deliveries
          where run_id = $run and ${where} order by ${order} limit $limit)
          returning ${CLAIMED_COLUMNS}`,
      ),
    ]),
  ) as Record<ClaimSource, SQLite.Statement>;
  const start = database.prepare(
    `update deliveries set status = 'sending', attempts = attempts + 1
      where id = $id and claimed_by = $worker and status = 'claimed'`,
  );
  const sent = database.prepare(
    `update deliveries set status = 'sent', sent_at = $now, last_error = null, smtp_code = null,
      next_attempt_at = null where id = $id and claimed_by = $worker and status = 'sending'`,
  );
  const requeue = database.prepare(
    `update deliveries set status = 'claimed'
      where id = $id and claimed_by = $worker and status = 'sending'`,
  );
  const deferred = database.prepare(
    `update deliveries set status = 'deferred', next_attempt_at = $next, last_error = $error,
      smtp_code = $code, first_deferred_at = coalesce(first_deferred_at, $now), claimed_by = null
      where id = $id and ${held}`,
  );
  const ended = database.prepare(
    `update deliveries set status = $status, last_error = $error, smtp_code = $code
      where id = $id and ${held}`,
  );
  const bounce = database.prepare(
    `update subscribers set status = 'bounced', bounced_at = $now, bounce_reason = $error,
      updated_at = $now where id = $subscriber and status = 'confirmed'`,
  );
  const slots = database.prepare(
    'select minute, used from send_slots where minute > $since order by minute',
  );
  const take = database.prepare(
    `insert into send_slots (minute, used) values ($minute, $used)
      on conflict (minute) do update set used = used + excluded.used`,
  );
  const prune = database.prepare('delete from send_slots where minute <= $before');
  const dropDead = database.prepare('delete from send_workers where heartbeat_at < $cutoff');
  const orphaned = `run_id = $run and (claimed_by is null
    or claimed_by not in (select id from send_workers))`;
  const requeueDead = database.prepare(
    `update deliveries set status = 'queued', claimed_by = null, claimed_at = null
      where status = 'claimed' and ${orphaned}`,
  );
  const unknownDead = database.prepare(
    `update deliveries set status = 'unknown', last_error = 'in flight when its worker died'
      where status = 'sending' and ${orphaned}`,
  );

  const record = (worker: string, outcome: Outcome, at: number): boolean => {
    const id = outcome.id;
    switch (outcome.status) {
      case 'sent':
        return sent.run({ id, worker, now: at }).changes > 0;
      case 'requeue':
        return requeue.run({ id, worker }).changes > 0;
      case 'deferred':
        return (
          deferred.run({
            id,
            worker,
            now: at,
            next: outcome.nextAttemptAt.getTime(),
            error: clip(outcome.error),
            code: outcome.code,
          }).changes > 0
        );
      case 'skipped':
        return (
          ended.run({ id, worker, status: 'skipped', error: outcome.error, code: null }).changes > 0
        );
      default: {
        const error = clip(outcome.error);
        const kept =
          ended.run({ id, worker, status: outcome.status, error, code: outcome.code }).changes > 0;
        if (kept && outcome.status === 'bounced') {
          bounce.run({ subscriber: outcome.subscriberId, now: at, error: clip(error, 500) });
        }
        return kept;
      }
    }
  };

  const step = database.transaction((worker: string, work: Step, now: Date): StepResult => {
    const at = now.getTime();
    const lost: number[] = [];
    for (const outcome of work.outcomes) if (!record(worker, outcome, at)) lost.push(outcome.id);
    const started: number[] = [];
    let free = work.start.length;
    let rows: SlotRow[] = [];
    const capped = capsOn(work.caps) && work.start.length > 0;
    if (capped) {
      prune.run({ before: at - DAY });
      rows = slots.all({ since: at - DAY }) as SlotRow[];
      free = Math.min(free, freeSlots(work.caps, rows, now));
    }
    let tried = 0;
    for (const id of work.start) {
      if (started.length >= free) break;
      tried++;
      if (start.run({ id, worker }).changes > 0) started.push(id);
      else lost.push(id);
    }
    if (!capped) return { lost, started, resumeAt: null };
    if (started.length > 0) {
      const minute = slotMinute(now);
      take.run({ minute, used: started.length });
      const same = rows.find((r) => r.minute === minute);
      if (same) same.used += started.length;
      else rows.push({ minute, used: started.length });
    }
    const blocked = tried < work.start.length;
    return { lost, started, resumeAt: blocked ? resumeAt(work.caps, rows, now) : null };
  });

  const sweep = database.transaction((runId: string, now: Date, deadAfterMs: number) => {
    dropDead.run({ cutoff: now.getTime() - deadAfterMs });
    return {
      queued: requeueDead.run({ run: runId }).changes,
      unknown: unknownDead.run({ run: runId }).changes,
    };
  });

  return {
    claim(runId, worker, limit, now, sources) {
      const result: Delivery[] = [];
      for (const source of sources) {
        if (result.length >= limit) break;
        const rows = claims[source].all({
          run: runId,
          worker,
          now: now.getTime(),
          limit: limit - result.length,
        }) as ClaimedRow[];
        const claimed = rows.map(toDelivery).sort((a, b) => a.id - b.id);
        for (const delivery of claimed) result.push(delivery);
      }
      return result;
    },
    step: (worker, work, now) => step.immediate(worker, work, now),
    sweep: (runId, now, deadAfterMs) => sweep.immediate(runId, now, deadAfterMs),
  };
}
