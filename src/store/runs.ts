import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import { type Run, type RunInput, UNFINISHED } from '../send/index.js';
import type { Db } from './database.js';
import type { SendRunsTable } from './schema.js';

// The send runs' records (`send_runs`): created, found and listed here; their status moves in
// `run-status.ts`, their deliveries are planned and counted in `deliveries.ts`.

/** Unfinished runs of a kind and frequency, oldest first. */
export async function unfinishedRuns(db: Db, kind: string, frequency: string): Promise<Run[]> {
  const rows = await db.kysely
    .selectFrom('send_runs')
    .selectAll()
    .where('kind', '=', kind)
    .where('frequency', '=', frequency as 'daily')
    // A finished run held by the complaint-rate guard waits for an operator like a paused one.
    .where((eb) => eb.or([eb('status', 'in', UNFINISHED), eb('paused_at', 'is not', null)]))
    .orderBy('created_at')
    .execute();
  return rows.map(toRun);
}

export async function getRun(db: Db, id: string): Promise<Run | undefined> {
  const row = await db.kysely
    .selectFrom('send_runs')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toRun(row) : undefined;
}

export async function listRuns(db: Db, limit: number): Promise<Run[]> {
  const rows = await db.kysely
    .selectFrom('send_runs')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRun);
}

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
  const row = newRunRow({ ...run, now, windowStart: null });
  await db.kysely
    .insertInto('send_runs')
    .values({
      ...row,
      status: 'cancelled',
      finished_at: row.created_at,
      last_error: reason.slice(0, 2000),
    })
    .execute();
  return row.id;
}

/** The record of a run planned now, before any delivery is counted. */
export function newRunRow(input: RunInput): Selectable<SendRunsTable> {
  return {
    id: newRunId(input.now),
    kind: input.kind,
    frequency: input.frequency,
    categories: JSON.stringify(input.categories),
    status: 'planned',
    started_by: input.startedBy,
    window_start: input.windowStart?.getTime() ?? null,
    window_end: input.now.getTime(),
    planned: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    created_at: input.now.getTime(),
    started_at: null,
    finished_at: null,
    last_error: null,
    resume_at: null,
    paused_at: null,
    pause_reason: null,
    guard_tripped_at: null,
  };
}

export function toRun(row: Selectable<SendRunsTable>): Run {
  const at = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));
  return {
    id: row.id,
    kind: row.kind,
    frequency: row.frequency,
    categories: JSON.parse(row.categories) as string[],
    status: row.status,
    startedBy: row.started_by,
    windowStart: at(row.window_start),
    windowEnd: new Date(Number(row.window_end)),
    planned: row.planned,
    sent: row.sent,
    failed: row.failed,
    skipped: row.skipped,
    createdAt: new Date(Number(row.created_at)),
    startedAt: at(row.started_at),
    finishedAt: at(row.finished_at),
    lastError: row.last_error,
    resumeAt: at(row.resume_at),
    pausedAt: at(row.paused_at),
    pauseReason: row.pause_reason,
  };
}

/** Sortable and readable: the planning instant, then a random tail. */
function newRunId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
