import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import {
  DELIVERY_STATUSES,
  type DeliveryCounts,
  type DigestContent,
  type DueSubscriber,
  type FailureLine,
  type Run,
  type RunInput,
  UNFINISHED,
} from '../send/index.js';
import type { Db } from './database.js';
import type { Database, SendRunsTable } from './schema.js';

const PAGE = 500;
/** Article ids sent longer ago than this cannot be chosen again, so the history stops there. */
const HISTORY_MS = 120 * 24 * 3_600_000;

/**
 * Plans a run in one transaction: the run's record, then the confirmed subscribers of its
 * frequency page by page (memory stays flat), each with their sent history, one delivery row
 * for each that `choose` gives content. Without `persist` it only reads (a dry run).
 */
export async function planRun(
  db: Db,
  input: RunInput,
  choose: (subscriber: DueSubscriber) => Promise<DigestContent | null | undefined>,
  options: { persist: boolean; messageId: (runId: string, subscriberId: string) => string },
): Promise<Run> {
  const id = newRunId(input.now);
  const row: Selectable<SendRunsTable> = {
    id,
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
  const plan = async (trx: Kysely<Database>): Promise<Run> => {
    if (options.persist) await trx.insertInto('send_runs').values(row).execute();
    let after = '';
    for (;;) {
      const page = await trx
        .selectFrom('subscribers')
        .select(['id', 'email', 'name', 'categories', 'timezone'])
        .where('status', '=', 'confirmed')
        .where('frequency', '=', input.frequency)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      const last = page.at(-1);
      if (!last) break;
      after = last.id;
      const history = await historyOf(
        trx,
        page.map((s) => s.id),
        input.now,
      );
      const deliveries = [];
      for (const subscriber of page) {
        const past = history.get(subscriber.id);
        const content = await choose({
          id: subscriber.id,
          email: subscriber.email,
          name: subscriber.name,
          categories: JSON.parse(subscriber.categories) as string[],
          timezone: subscriber.timezone,
          lastDigestAt: past?.last ?? null,
          sentArticleIds: past?.ids ?? new Set(),
        });
        if (content === undefined) continue;
        if (!content || content.articleIds.length === 0) {
          row.skipped++;
          continue;
        }
        deliveries.push({
          run_id: id,
          subscriber_id: subscriber.id,
          email: subscriber.email,
          name: subscriber.name,
          article_ids: JSON.stringify(content.articleIds),
          more_count: content.moreCount,
          message_id: options.messageId(id, subscriber.id),
          status: 'queued' as const,
        });
      }
      row.planned += deliveries.length;
      if (options.persist && deliveries.length > 0) {
        await trx.insertInto('deliveries').values(deliveries).execute();
      }
    }
    if (options.persist) {
      await trx
        .updateTable('send_runs')
        .set({ planned: row.planned, skipped: row.skipped })
        .where('id', '=', id)
        .execute();
    }
    return toRun(row);
  };
  if (!options.persist) return plan(db.kysely);
  return db.kysely.transaction().execute(plan);
}

async function historyOf(
  db: Kysely<Database>,
  subscriberIds: string[],
  now: Date,
): Promise<Map<string, { last: Date; ids: Set<string> }>> {
  const result = new Map<string, { last: Date; ids: Set<string> }>();
  // The previous digest's `now` is its run's planning instant, not when SMTP took it: an
  // article first seen between planning and sending belongs to the next digest.
  const latest = await db
    .selectFrom('deliveries')
    .innerJoin('send_runs', 'send_runs.id', 'deliveries.run_id')
    .select(['deliveries.subscriber_id', (eb) => eb.fn.max('send_runs.window_end').as('last')])
    .where('deliveries.subscriber_id', 'in', subscriberIds)
    .where('deliveries.status', '=', 'sent')
    .groupBy('deliveries.subscriber_id')
    .execute();
  for (const { subscriber_id, last } of latest) {
    if (last !== null) result.set(subscriber_id, { last: new Date(Number(last)), ids: new Set() });
  }
  if (result.size === 0) return result;
  const carried = await db
    .selectFrom('deliveries')
    .select(['subscriber_id', 'article_ids'])
    .where('subscriber_id', 'in', [...result.keys()])
    .where('status', '=', 'sent')
    .where('sent_at', '>=', now.getTime() - HISTORY_MS)
    .execute();
  for (const { subscriber_id, article_ids } of carried) {
    const ids = result.get(subscriber_id)?.ids;
    for (const articleId of JSON.parse(article_ids) as string[]) ids?.add(articleId);
  }
  return result;
}

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

export async function counts(db: Db, runId: string): Promise<DeliveryCounts> {
  const rows = await db.kysely
    .selectFrom('deliveries')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('run_id', '=', runId)
    .groupBy('status')
    .execute();
  const result = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as DeliveryCounts;
  for (const { status, n } of rows) result[status] = Number(n);
  return result;
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
export function closingCounts(c: DeliveryCounts): { sent: number; failed: number } {
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

export async function failures(db: Db, runId: string, limit: number): Promise<FailureLine[]> {
  const rows = await db.kysely
    .selectFrom('deliveries')
    .select(['email', 'status', 'smtp_code', 'last_error', 'attempts'])
    .where('run_id', '=', runId)
    .where('status', 'in', ['failed', 'bounced'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    email: r.email,
    status: r.status as 'failed' | 'bounced',
    code: r.smtp_code === null ? null : Number(r.smtp_code),
    error: r.last_error ?? '',
    attempts: r.attempts,
  }));
}

export async function details(
  db: Db,
  runId: string,
): Promise<{ inDoubt: number; nextAttemptAt: Date | null }> {
  const row = await db.kysely
    .selectFrom('deliveries')
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('in_doubt', '=', 1).then(1).else(0).end()).as('doubt'),
      eb.fn
        .min<number>(
          eb.case().when('status', '=', 'deferred').then(eb.ref('next_attempt_at')).end(),
        )
        .as('next'),
    ])
    .where('run_id', '=', runId)
    .executeTakeFirst();
  return {
    inDoubt: Number(row?.doubt ?? 0),
    nextAttemptAt: row?.next == null ? null : new Date(Number(row.next)),
  };
}

function toRun(row: Selectable<SendRunsTable>): Run {
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
