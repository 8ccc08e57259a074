import { hostname } from 'node:os';
import type { Db } from './database.js';

/**
 * Send workers' liveness rows (`send_workers`): one per worker on a run, its heartbeat renewed
 * while it sends. A row gone stale marks a dead worker, whose claims the outbox's sweep frees.
 */
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

/** False when the row is gone: another worker judged this one dead. */
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

/** Workers on a run whose heartbeat is newer than `since`: none means nobody is sending it. */
export async function liveWorkers(db: Db, runId: string, since: Date): Promise<number> {
  const row = await db.kysely
    .selectFrom('send_workers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('run_id', '=', runId)
    .where('heartbeat_at', '>=', since.getTime())
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
