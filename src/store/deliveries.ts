import type { Kysely } from 'kysely';
import {
  DELIVERY_STATUSES,
  type DeliveryCounts,
  type DigestContent,
  type DueSubscriber,
  type FailureLine,
  type Run,
  type RunInput,
} from '../send/index.js';
import type { Db } from './database.js';
import { newRunRow, toRun } from './runs.js';
import type { Database } from './schema.js';
import { duePages } from './subscriber-lookup.js';

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
  const row = newRunRow(input);
  const { id } = row;
  const plan = async (trx: Kysely<Database>): Promise<Run> => {
    if (options.persist) await trx.insertInto('send_runs').values(row).execute();
    for await (const page of duePages(trx, input.frequency, input.now)) {
      const deliveries = [];
      for (const subscriber of page) {
        const content = await choose(subscriber);
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

/** A run's deliveries by state. */
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
