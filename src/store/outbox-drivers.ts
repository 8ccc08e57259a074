import type pg from 'pg';
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
 * The send loop's hot statements on PostgreSQL as named prepared statements (parsed and planned
 * once per connection). A claim skips rows another worker is taking; a step that starts sends
 * under a cap first locks the one `send_caps` row, so concurrent workers reserve slots in turn.
 */
interface Prepared {
  name: string;
  text: string;
  keys: string[];
}

let statements = 0;
/** `$name` placeholders become `$1..$n` in order of first use; each statement gets its name. */
function named(text: string): Prepared {
  const keys: string[] = [];
  const sql = text.replace(/\$([a-z]+)/g, (_, key: string) => {
    let i = keys.indexOf(key);
    if (i < 0) i = keys.push(key) - 1;
    return `$${i + 1}`;
  });
  statements++;
  return { name: `gazette_outbox_${statements}`, text: sql, keys };
}

function query(
  client: pg.Pool | pg.PoolClient,
  statement: Prepared,
  params: Record<string, unknown>,
) {
  return client.query({
    name: statement.name,
    text: statement.text,
    values: statement.keys.map((key) => params[key]),
  });
}

const held = `claimed_by = $worker and status in ('claimed', 'sending')`;
const CLAIMS = Object.fromEntries(
  Object.entries(SOURCE_FILTER).map(([source, { where, order }]) => [
    source,
    named(
      `update deliveries set ${CLAIM_SET} where id in (select id from deliveries
        where run_id = $run and ${where} order by ${order} limit $limit for update skip locked)
        returning ${CLAIMED_COLUMNS}`,
    ),
  ]),
) as Record<ClaimSource, Prepared>;
const START = named(
  `update deliveries set status = 'sending', attempts = attempts + 1
    where id = any($ids::bigint[]) and claimed_by = $worker and status = 'claimed' returning id`,
);
const SENT = named(
  `update deliveries set status = 'sent', sent_at = $now, last_error = null, smtp_code = null,
    next_attempt_at = null
    where id = any($ids::bigint[]) and claimed_by = $worker and status = 'sending' returning id`,
);
const REQUEUE = named(
  `update deliveries set status = 'claimed'
    where id = any($ids::bigint[]) and claimed_by = $worker and status = 'sending' returning id`,
);
const DEFERRED = named(
  `update deliveries set status = 'deferred', next_attempt_at = $next, last_error = $error,
    smtp_code = $code, first_deferred_at = coalesce(first_deferred_at, $now), claimed_by = null
    where id = $id and ${held}`,
);
const ENDED = named(
  `update deliveries set status = $status, last_error = $error, smtp_code = $code
    where id = $id and ${held}`,
);
const BOUNCE = named(
  `update subscribers set status = 'bounced', bounced_at = $now, bounce_reason = $error,
    updated_at = $now where id = $subscriber and status = 'confirmed'`,
);
const LOCK = named("select id from send_caps where id = 'slots' for update");
const SLOTS = named('select minute, used from send_slots where minute > $since order by minute');
const TAKE = named(
  `insert into send_slots (minute, used) values ($minute, $used)
    on conflict (minute) do update set used = send_slots.used + excluded.used`,
);
const PRUNE = named('delete from send_slots where minute <= $before');
const DROP_DEAD = named('delete from send_workers where heartbeat_at < $cutoff');
const orphaned = `run_id = $run and (claimed_by is null
  or claimed_by not in (select id from send_workers))`;
const REQUEUE_DEAD = named(
  `update deliveries set status = 'queued', claimed_by = null, claimed_at = null
    where status = 'claimed' and ${orphaned}`,
);
const UNKNOWN_DEAD = named(
  `update deliveries set status = 'unknown', last_error = 'in flight when its worker died'
    where status = 'sending' and ${orphaned}`,
);

async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>) {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export async function claim(
  pool: pg.Pool,
  runId: string,
  worker: string,
  limit: number,
  now: Date,
  sources: readonly ClaimSource[],
): Promise<Delivery[]> {
  const result: Delivery[] = [];
  for (const source of sources) {
    if (result.length >= limit) break;
    const { rows } = await query(pool, CLAIMS[source], {
      run: runId,
      worker,
      now: now.getTime(),
      limit: limit - result.length,
    });
    const claimed = (rows as ClaimedRow[]).map(toDelivery).sort((a, b) => a.id - b.id);
    result.push(...claimed);
  }
  return result;
}

async function record(
  client: pg.PoolClient,
  worker: string,
  outcomes: Outcome[],
  at: number,
): Promise<number[]> {
  const kept = new Set<number>();
  const byIds = async (statement: Prepared, status: Outcome['status']) => {
    const ids = outcomes.filter((o) => o.status === status).map((o) => o.id);
    if (ids.length === 0) return;
    const { rows } = await query(client, statement, { ids, worker, now: at });
    for (const row of rows as { id: number }[]) kept.add(Number(row.id));
  };
  await byIds(SENT, 'sent');
  await byIds(REQUEUE, 'requeue');
  for (const outcome of outcomes) {
    if (outcome.status === 'sent' || outcome.status === 'requeue') continue;
    const base = { id: outcome.id, worker, now: at, error: clip(outcome.error) };
    const result =
      outcome.status === 'deferred'
        ? await query(client, DEFERRED, {
            ...base,
            next: outcome.nextAttemptAt.getTime(),
            code: outcome.code,
          })
        : await query(client, ENDED, {
            ...base,
            status: outcome.status,
            code: outcome.status === 'skipped' ? null : outcome.code,
          });
    if ((result.rowCount ?? 0) === 0) continue;
    kept.add(outcome.id);
    if (outcome.status === 'bounced') {
      await query(client, BOUNCE, {
        subscriber: outcome.subscriberId,
        now: at,
        error: clip(outcome.error, 500),
      });
    }
  }
  return outcomes.map((o) => o.id).filter((id) => !kept.has(id));
}

export function step(pool: pg.Pool, worker: string, work: Step, now: Date): Promise<StepResult> {
  return transaction(pool, async (client) => {
    const at = now.getTime();
    const capped = capsOn(work.caps) && work.start.length > 0;
    // The lock first: outcomes and starts of this step then commit as one, after the reservation.
    if (capped) await query(client, LOCK, {});
    const lost = await record(client, worker, work.outcomes, at);
    let candidates = work.start;
    let rows: SlotRow[] = [];
    if (capped) {
      await query(client, PRUNE, { before: at - DAY });
      rows = ((await query(client, SLOTS, { since: at - DAY })).rows as SlotRow[]).map((r) => ({
        minute: Number(r.minute),
        used: Number(r.used),
      }));
      candidates = work.start.slice(0, freeSlots(work.caps, rows, now));
    }
    const started: number[] = [];
    if (candidates.length > 0) {
      const { rows: marked } = await query(client, START, { ids: candidates, worker });
      const ok = new Set((marked as { id: number }[]).map((r) => Number(r.id)));
      for (const id of candidates) (ok.has(id) ? started : lost).push(id);
    }
    if (!capped) return { lost, started, resumeAt: null };
    if (started.length > 0) {
      const minute = slotMinute(now);
      await query(client, TAKE, { minute, used: started.length });
      const same = rows.find((r) => r.minute === minute);
      if (same) same.used += started.length;
      else rows.push({ minute, used: started.length });
    }
    const blocked = candidates.length < work.start.length;
    return { lost, started, resumeAt: blocked ? resumeAt(work.caps, rows, now) : null };
  });
}

export function sweep(
  pool: pg.Pool,
  runId: string,
  now: Date,
  deadAfterMs: number,
): Promise<{ queued: number; unknown: number }> {
  return transaction(pool, async (client) => {
    await query(client, DROP_DEAD, { cutoff: now.getTime() - deadAfterMs });
    const queued = await query(client, REQUEUE_DEAD, { run: runId });
    const unknown = await query(client, UNKNOWN_DEAD, { run: runId });
    return { queued: queued.rowCount ?? 0, unknown: unknown.rowCount ?? 0 };
  });
}
