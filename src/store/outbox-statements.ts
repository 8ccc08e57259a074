import type { Selectable } from 'kysely';
import type { ClaimSource, Delivery } from '../send/index.js';
import type { DeliveriesTable } from './schema.js';

/**
 * The send loop's hot statements, written once for both databases. `$name` placeholders are
 * bound by name (better-sqlite3 reads them as they are; the PostgreSQL driver numbers them).
 * Where the two databases differ, a small named piece of `OutboxDialect` says how.
 */
export interface OutboxDialect {
  /** Ends a claim's inner select: PostgreSQL passes over rows another worker is claiming. */
  skipLocked: string;
  /**
   * Taken first by a step that starts sends under a cap, so concurrent workers reserve room in
   * turn: PostgreSQL locks the one `send_caps` row. Null on SQLite, whose `BEGIN IMMEDIATE`
   * already holds the database's write lock.
   */
  lockCaps: string | null;
  /** `column` is one of the ids of the list parameter `param` (bound as `list(ids)`). */
  inList(column: string, param: string): string;
  list(ids: readonly number[]): unknown;
  /**
   * Starts a statement with a table `v` of the objects in the JSON text parameter `param`, with
   * these columns. Materialized, so that each row is looked up by key: SQLite would otherwise
   * scan a table by another index and try every object against each row.
   */
  jsonRows(param: string, columns: Record<string, 'bigint' | 'integer' | 'text'>): string;
}

export const SQLITE_DIALECT: OutboxDialect = {
  skipLocked: '',
  lockCaps: null,
  inList: (column, param) => `${column} in (select value from json_each(${param}))`,
  list: (ids) => JSON.stringify(ids),
  jsonRows: (param, columns) => {
    const fields = Object.keys(columns).map((name) => `value ->> '${name}' as ${name}`);
    return `with v as materialized (select ${fields.join(', ')} from json_each(${param}))`;
  },
};

export const POSTGRES_DIALECT: OutboxDialect = {
  skipLocked: 'for update skip locked',
  // The row keeps the name it was created with (migration 007).
  lockCaps: "select id from send_caps where id = 'slots' for update",
  inList: (column, param) => `${column} = any(${param}::bigint[])`,
  list: (ids) => ids,
  jsonRows: (param, columns) => {
    const fields = Object.entries(columns).map(([name, type]) => `${name} ${type}`);
    return `with v as materialized (select * from jsonb_to_recordset(${param}::jsonb)
      as r(${fields.join(', ')}))`;
  },
};

/** Which rows each source takes, and in what order (`$now` is the claim instant). */
const SOURCE_FILTER: Record<ClaimSource, { where: string; order: string }> = {
  queued: { where: "status = 'queued'", order: 'id' },
  deferred: {
    where: "status = 'deferred' and next_attempt_at <= $now",
    order: 'next_attempt_at, id',
  },
  unknown: { where: "status = 'unknown'", order: 'id' },
  failed: { where: "status = 'failed'", order: 'id' },
};

/**
 * Claiming an `unknown` row notes that its copy may be a second one; claiming a `failed` row (an
 * operator's retry) starts its soft-retry window afresh.
 */
const CLAIM_SET = `status = 'claimed', claimed_by = $worker, claimed_at = $now,
  in_doubt = case when status = 'unknown' then 1 else in_doubt end,
  first_deferred_at = case when status = 'failed' then null else first_deferred_at end`;

/** The columns a claim returns. */
const CLAIMED = [
  'id',
  'run_id',
  'subscriber_id',
  'email',
  'name',
  'article_ids',
  'more_count',
  'message_id',
  'attempts',
  'first_deferred_at',
] as const;
export type ClaimedRow = Pick<Selectable<DeliveriesTable>, (typeof CLAIMED)[number]>;

/** A row this worker still holds: outcomes and starts touch no other. */
const HELD = `deliveries.claimed_by = $worker and deliveries.status in ('claimed', 'sending')`;
const ORPHANED = `run_id = $run and (claimed_by is null
  or claimed_by not in (select id from send_workers))`;

/** Every statement's SQL for one dialect. Per-minute cap buckets live in `send_slots`. */
export function outboxStatements(d: OutboxDialect) {
  const held = (status: string, set: string) =>
    `update deliveries set ${set} where ${d.inList('id', '$ids')} and claimed_by = $worker
      and status = '${status}' returning id`;
  const claims = Object.fromEntries(
    Object.entries(SOURCE_FILTER).map(([source, { where, order }]) => [
      `claim_${source}`,
      `update deliveries set ${CLAIM_SET} where id in (select id from deliveries
        where run_id = $run and ${where} order by ${order} limit $limit ${d.skipLocked})
        returning ${CLAIMED.join(', ')}`,
    ]),
  ) as Record<`claim_${ClaimSource}`, string>;
  return {
    ...claims,
    start: held('claimed', `status = 'sending', attempts = attempts + 1`),
    sent: held(
      'sending',
      `status = 'sent', sent_at = $now, last_error = null, smtp_code = null,
        next_attempt_at = null`,
    ),
    requeue: held('sending', `status = 'claimed'`),
    deferred: `${d.jsonRows('$rows', { id: 'bigint', next: 'bigint', error: 'text', code: 'integer' })}
      update deliveries set status = 'deferred', next_attempt_at = v.next,
      last_error = v.error, smtp_code = v.code,
      first_deferred_at = coalesce(first_deferred_at, $now), claimed_by = null
      from v where deliveries.id = v.id and ${HELD} returning deliveries.id`,
    ended: `${d.jsonRows('$rows', { id: 'bigint', status: 'text', error: 'text', code: 'integer' })}
      update deliveries set status = v.status, last_error = v.error, smtp_code = v.code
      from v where deliveries.id = v.id and ${HELD} returning deliveries.id`,
    bounce: `${d.jsonRows('$rows', { subscriber: 'text', error: 'text' })}
      update subscribers set status = 'bounced', bounced_at = $now,
      bounce_reason = v.error, updated_at = $now
      from v where subscribers.id = v.subscriber and subscribers.status = 'confirmed'`,
    ...(d.lockCaps ? { lockCaps: d.lockCaps } : {}),
    buckets: 'select minute, used from send_slots where minute > $since order by minute',
    take: `insert into send_slots (minute, used) values ($minute, $used)
      on conflict (minute) do update set used = send_slots.used + excluded.used`,
    prune: 'delete from send_slots where minute <= $before',
    dropDead: 'delete from send_workers where heartbeat_at < $cutoff',
    requeueDead: `update deliveries set status = 'queued', claimed_by = null, claimed_at = null
      where status = 'claimed' and ${ORPHANED}`,
    unknownDead: `update deliveries set status = 'unknown',
      last_error = 'in flight when its worker died' where status = 'sending' and ${ORPHANED}`,
  };
}

export type OutboxStatements = ReturnType<typeof outboxStatements>;
export type StatementName = keyof OutboxStatements;

export function toDelivery(row: ClaimedRow): Delivery {
  return {
    id: Number(row.id),
    runId: row.run_id,
    subscriberId: row.subscriber_id,
    email: row.email,
    name: row.name,
    articleIds: JSON.parse(row.article_ids) as string[],
    moreCount: row.more_count,
    messageId: row.message_id,
    attempts: row.attempts,
    firstDeferredAt:
      row.first_deferred_at === null ? null : new Date(Number(row.first_deferred_at)),
  };
}

/** Errors kept on a row are bounded: a server may answer with a page of text. */
export function clip(text: string, length = 1000): string {
  return text.length > length ? text.slice(0, length) : text;
}
