import { hostname } from 'node:os';
import type { Delivery, Outcome } from '../send/index.js';
import type { Db } from './database.js';

/**
 * The claim side of the outbox, after graphile/worker's getJobs: one `UPDATE … RETURNING`
 * takes pending rows (PostgreSQL skips rows another worker is taking; SQLite's single writer
 * makes the same statement safe), and outcomes only touch rows the same worker still holds.
 */
export async function claim(
  db: Db,
  runId: string,
  worker: string,
  limit: number,
  now: Date,
): Promise<Delivery[]> {
  const rows = await db.kysely
    .updateTable('deliveries')
    .set((eb) => ({
      status: 'sending',
      claimed_by: worker,
      claimed_at: now.getTime(),
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', (eb) => {
      const pending = eb
        .selectFrom('deliveries')
        .select('id')
        .where('run_id', '=', runId)
        .where('status', '=', 'pending')
        .orderBy('id')
        .limit(limit);
      return db.dialect === 'postgres' ? pending.forUpdate().skipLocked() : pending;
    })
    .returning([
      'id',
      'run_id',
      'subscriber_id',
      'email',
      'name',
      'article_ids',
      'more_count',
      'message_id',
      'attempts',
    ])
    .execute();
  return rows
    .map((row) => ({
      id: Number(row.id),
      runId: row.run_id,
      subscriberId: row.subscriber_id,
      email: row.email,
      name: row.name,
      articleIds: JSON.parse(row.article_ids) as string[],
      moreCount: row.more_count,
      messageId: row.message_id,
      attempts: row.attempts,
    }))
    .sort((a, b) => a.id - b.id);
}

export async function notConfirmed(db: Db, subscriberIds: string[]): Promise<Set<string>> {
  if (subscriberIds.length === 0) return new Set();
  const rows = await db.kysely
    .selectFrom('subscribers')
    .select('id')
    .where('id', 'in', subscriberIds)
    .where('status', '<>', 'confirmed')
    .execute();
  return new Set(rows.map((row) => row.id));
}

/**
 * Writes outcomes for rows `worker` still holds. Sent rows, the common case, go in one
 * statement; a failure may also mark its subscriber bounced. Returns the ids no longer held.
 */
export async function record(
  db: Db,
  worker: string,
  outcomes: Outcome[],
  now: Date,
): Promise<number[]> {
  const at = now.getTime();
  const sentIds = outcomes.filter((o) => o.status === 'sent').map((o) => o.id);
  const others = outcomes.filter((o) => o.status !== 'sent');
  const held = new Set<number>();
  const write = async (trx: typeof db.kysely) => {
    if (sentIds.length > 0) {
      const rows = await trx
        .updateTable('deliveries')
        .set({ status: 'sent', sent_at: at, last_error: null })
        .where('id', 'in', sentIds)
        .where('claimed_by', '=', worker)
        .where('status', '=', 'sending')
        .returning('id')
        .execute();
      for (const row of rows) held.add(Number(row.id));
    }
    for (const outcome of others) {
      const updated = await trx
        .updateTable('deliveries')
        .set({ status: outcome.status, last_error: outcome.error.slice(0, 1000) })
        .where('id', '=', outcome.id)
        .where('claimed_by', '=', worker)
        .where('status', '=', 'sending')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) > 0) held.add(outcome.id);
      if (outcome.status === 'failed' && outcome.bounce) {
        await trx
          .updateTable('subscribers')
          .set({
            status: 'bounced',
            bounced_at: at,
            bounce_reason: outcome.error.slice(0, 500),
            updated_at: at,
          })
          .where('id', '=', outcome.subscriberId)
          .where('status', '=', 'confirmed')
          .execute();
      }
    }
  };
  // The common case is one statement: no transaction around it.
  if (others.length === 0) await write(db.kysely);
  else await db.kysely.transaction().execute(write);
  return outcomes.map((o) => o.id).filter((id) => !held.has(id));
}

export async function registerWorker(
  db: Db,
  worker: string,
  runId: string,
  now: Date,
): Promise<void> {
  await db.kysely
    .insertInto('send_workers')
    .values({
      id: worker,
      run_id: runId,
      pid: process.pid,
      host: hostname(),
      started_at: now.getTime(),
      heartbeat_at: now.getTime(),
    })
    .execute();
}

export async function heartbeat(db: Db, worker: string, now: Date): Promise<boolean> {
  const result = await db.kysely
    .updateTable('send_workers')
    .set({ heartbeat_at: now.getTime() })
    .where('id', '=', worker)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function removeWorker(db: Db, worker: string): Promise<void> {
  await db.kysely.deleteFrom('send_workers').where('id', '=', worker).execute();
}

/**
 * Recovery is a sweep: workers silent for `deadAfterMs` are removed, and every in-flight row of
 * the run whose worker has no row goes back to pending.
 */
export async function sweep(
  db: Db,
  runId: string,
  now: Date,
  deadAfterMs: number,
): Promise<number> {
  return db.kysely.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('send_workers')
      .where('heartbeat_at', '<', now.getTime() - deadAfterMs)
      .execute();
    const freed = await trx
      .updateTable('deliveries')
      .set({ status: 'pending', claimed_by: null, claimed_at: null })
      .where('run_id', '=', runId)
      .where('status', '=', 'sending')
      .where((eb) =>
        eb.or([
          eb('claimed_by', 'is', null),
          eb('claimed_by', 'not in', eb.selectFrom('send_workers').select('send_workers.id')),
        ]),
      )
      .executeTakeFirst();
    return Number(freed.numUpdatedRows);
  });
}
