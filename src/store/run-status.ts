import { type DeliveryCounts, UNFINISHED } from '../send/index.js';
import type { Db } from './database.js';
import { counts } from './deliveries.js';

/**
 * How a run's status moves: sends start, throttle, finish and fail it; operators pause and cancel
 * it; every worker reads at each heartbeat whether it must stop.
 */

/** What a pause can stop: a run that is, or may soon be, sending. */
const PAUSABLE = ['planned', 'sending', 'throttled'] as const;

/**
 * Cancels an unfinished run: its pending rows are skipped (never sent later), rows in flight
 * finish as they will, and the run is closed with its counts. False: nothing to cancel.
 */
export async function cancelRun(db: Db, runId: string, now: Date): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('send_runs')
      .set({
        status: 'cancelled',
        finished_at: now.getTime(),
        last_error: 'cancelled',
        paused_at: null,
        pause_reason: null,
      })
      .where('id', '=', runId)
      .where('status', 'in', UNFINISHED)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await trx
      .updateTable('deliveries')
      .set({ status: 'skipped', last_error: 'run cancelled' })
      .where('run_id', '=', runId)
      // Claimed rows too: a worker holding one can no longer mark it sending (see `step`).
      .where('status', 'in', ['queued', 'claimed', 'deferred', 'unknown'])
      .execute();
    // The counts as of now, as a finished run records them (rows in flight may still be sent).
    const c = await counts({ ...db, kysely: trx }, runId);
    await trx
      .updateTable('send_runs')
      .set((eb) => ({
        ...closingCounts(c),
        skipped: eb('skipped', '+', c.skipped),
      }))
      .where('id', '=', runId)
      .execute();
    return true;
  });
}

/**
 * Pauses a run for every worker: each one on it stops within a heartbeat (messages already
 * handed to SMTP finish) and none takes it up until `unpauseRun`. False: finished, or already
 * paused.
 */
export async function pauseRun(db: Db, runId: string, now: Date): Promise<boolean> {
  const result = await db.kysely
    .updateTable('send_runs')
    .set({ paused_at: now.getTime() })
    .where('id', '=', runId)
    .where('status', 'in', PAUSABLE)
    .where('paused_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Lifts a pause (an operator's, or the complaint-rate guard's); false when the run was not paused. */
export async function unpauseRun(db: Db, runId: string): Promise<boolean> {
  const result = await db.kysely
    .updateTable('send_runs')
    .set({ paused_at: null, pause_reason: null })
    .where('id', '=', runId)
    .where('paused_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Why workers must stop sending a run, if they must: an operator paused it, or it was closed
 * under them (cancelled, or failed in another worker). Read by every worker at each heartbeat:
 * one primary-key lookup.
 */
export async function haltOf(db: Db, runId: string): Promise<'paused' | 'closed' | null> {
  const row = await db.kysely
    .selectFrom('send_runs')
    .select(['paused_at', 'status'])
    .where('id', '=', runId)
    .executeTakeFirst();
  if (!row || row.status === 'cancelled' || row.status === 'failed') return 'closed';
  return row.paused_at != null ? 'paused' : null;
}

/** Still to be tried by a worker: a run with any of these is not done. */
function open(c: DeliveryCounts): number {
  return c.queued + c.claimed + c.sending + c.deferred + c.unknown;
}

export async function startRun(db: Db, runId: string, now: Date): Promise<void> {
  const reopened = await counts(db, runId);
  await db.kysely
    .updateTable('send_runs')
    .set((eb) => ({ skipped: eb('skipped', '-', reopened.skipped) }))
    .where('id', '=', runId)
    .where('status', '=', 'done')
    .execute();
  await db.kysely
    .updateTable('send_runs')
    .set((eb) => ({
      status: 'sending',
      started_at: eb.fn.coalesce('started_at', eb.val(now.getTime())),
      finished_at: null,
      last_error: null,
      resume_at: null,
    }))
    .where('id', '=', runId)
    // `done` too: an operator's retry reopens a finished run.
    .where('status', 'in', ['planned', 'throttled', 'failed', 'done'])
    // A paused run keeps the status it was paused in until an operator resumes it.
    .where('paused_at', 'is', null)
    .execute();
}

export async function throttleRun(db: Db, runId: string, resumeAt: Date): Promise<void> {
  await db.kysely
    .updateTable('send_runs')
    .set({ status: 'throttled', resume_at: resumeAt.getTime() })
    .where('id', '=', runId)
    .where('status', 'in', ['sending', 'throttled'])
    .execute();
}

/** The counts a run keeps when it closes: bounced deliveries count as failed. */
function closingCounts(c: DeliveryCounts): { sent: number; failed: number } {
  return { sent: c.sent, failed: c.failed + c.bounced };
}

export async function finishRun(db: Db, runId: string, now: Date): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    const c = await counts({ ...db, kysely: trx }, runId);
    if (open(c) > 0) return false;
    await trx
      .updateTable('send_runs')
      .set({
        status: 'done',
        finished_at: now.getTime(),
        resume_at: null,
        ...closingCounts(c),
      })
      // Deliveries skipped at send time (unsubscribed since planning) join those skipped at
      // planning; `startRun` takes them out again when a retry reopens the run.
      .set((eb) => ({ skipped: eb('skipped', '+', c.skipped) }))
      .where('id', '=', runId)
      .where('status', 'in', [...UNFINISHED, 'done'])
      .execute();
    return true;
  });
}

export async function failRun(db: Db, runId: string, error: string, now: Date): Promise<void> {
  const c = await counts(db, runId);
  await db.kysely
    .updateTable('send_runs')
    .set({
      status: 'failed',
      last_error: error,
      ...closingCounts(c),
      finished_at: now.getTime(),
      resume_at: null,
    })
    .where('id', '=', runId)
    .where('status', 'in', UNFINISHED)
    .execute();
}
