/** Worker liveness rows and the confirmed check; the hot claim and step are in `outbox-*`. */
import { hostname } from 'node:os';
import type { Db } from './database.js';

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
