import { randomBytes } from 'node:crypto';
import type { Db } from './database.js';

export interface StoppedRun {
  kind: string;
  frequency: 'daily' | 'weekly';
  categories: string[];
  startedBy: string;
}

/**
 * Records a run that was stopped before planning (the pre-send check failed): `cancelled`, with
 * no deliveries and the reasons as its last error, so `runs list` and `runs show` say why
 * nothing went out. Cancelled is final: the next send of the kind plans afresh rather than
 * resuming it.
 */
export async function recordStoppedRun(
  db: Db,
  run: StoppedRun,
  reason: string,
  now: Date,
): Promise<string> {
  const at = now.getTime();
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const id = `${stamp}-${randomBytes(3).toString('hex')}`;
  await db.kysely
    .insertInto('send_runs')
    .values({
      id,
      kind: run.kind,
      frequency: run.frequency,
      categories: JSON.stringify(run.categories),
      status: 'cancelled',
      started_by: run.startedBy,
      window_start: null,
      window_end: at,
      planned: 0,
      sent: 0,
      failed: 0,
      skipped: 0,
      created_at: at,
      started_at: null,
      finished_at: at,
      last_error: reason.slice(0, 2000),
    })
    .execute();
  return id;
}
