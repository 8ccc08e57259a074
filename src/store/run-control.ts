import type { Db } from './database.js';

const UNFINISHED = ['planned', 'sending', 'throttled', 'failed'] as const;

/**
 * Cancels an unfinished run: its pending rows are skipped (never sent later), rows in flight
 * finish as they will, and the run is closed with its counts. False: nothing to cancel.
 */
export async function cancelRun(db: Db, runId: string, now: Date): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('send_runs')
      .set({ status: 'cancelled', finished_at: now.getTime(), last_error: 'cancelled' })
      .where('id', '=', runId)
      .where('status', 'in', UNFINISHED)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await trx
      .updateTable('deliveries')
      .set({ status: 'skipped', last_error: 'run cancelled' })
      .where('run_id', '=', runId)
      .where('status', 'in', ['queued', 'deferred', 'unknown'])
      .execute();
    return true;
  });
}
