import { sql } from 'kysely';
import type { Db } from './database.js';

const DAY_MS = 86_400_000;

/**
 * The UTC day of an instant column, as a day number. A literal, not a parameter: PostgreSQL must
 * see the same expression in SELECT and GROUP BY.
 */
function utcDay(column: string) {
  return sql<number>`(${sql.ref(column)} / ${sql.lit(DAY_MS)})`;
}

/** The day number `utcDay` gave, as the instant the day starts. */
export function dayStart(day: number): Date {
  return new Date(day * DAY_MS);
}

/**
 * Rows of `table` per UTC day of the instant `column`, since `since` (`status`: only those), as
 * day number to count: grouped in SQL, so the dashboard never loads a table.
 */
export async function countPerDay(
  db: Db,
  table: 'deliveries' | 'subscribers',
  column: string,
  since: Date,
  status?: string,
): Promise<Map<number, number>> {
  let query = db.kysely
    .selectFrom(table)
    .select([utcDay(column).as('d'), (eb) => eb.fn.countAll<number>().as('n')])
    .where(sql.ref(column), '>=', since.getTime())
    .groupBy(utcDay(column));
  if (status) query = query.where(sql.ref('status'), '=', status);
  const rows = await query.execute();
  return new Map(rows.map((row) => [Number(row.d), Number(row.n)]));
}

// What was sent, as operators look back on it: per day, a run's losses, one subscriber's digests.

/** Digests sent and failed per UTC day (by when they were sent or last tried), and bounces. */
export async function deliveriesPerDay(
  db: Db,
  since: Date,
): Promise<{ day: Date; sent: number; failed: number; bounced: number }[]> {
  const sent = await countPerDay(db, 'deliveries', 'sent_at', since, 'sent');
  // A failed row keeps no failure time; its claim is the last attempt's start.
  const failed = await countPerDay(db, 'deliveries', 'claimed_at', since, 'failed');
  const bounced = await countPerDay(db, 'subscribers', 'bounced_at', since);
  const days = new Set([...sent.keys(), ...failed.keys(), ...bounced.keys()]);
  return [...days]
    .sort((a, b) => a - b)
    .map((d) => ({
      day: dayStart(d),
      sent: sent.get(d) ?? 0,
      failed: failed.get(d) ?? 0,
      bounced: bounced.get(d) ?? 0,
    }));
}

/** Of a run's recipients, how many bounced and how many unsubscribed since it was planned. */
export async function runLosses(
  db: Db,
  runId: string,
  since: Date,
): Promise<{ bounced: number; unsubscribed: number }> {
  const rows = await db.kysely
    .selectFrom('deliveries')
    .innerJoin('subscribers', 'subscribers.id', 'deliveries.subscriber_id')
    .select(['subscribers.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('deliveries.run_id', '=', runId)
    .where((eb) =>
      eb.or([
        eb('subscribers.bounced_at', '>=', since.getTime()),
        eb('subscribers.unsubscribed_at', '>=', since.getTime()),
      ]),
    )
    .groupBy('subscribers.status')
    .execute();
  const out = { bounced: 0, unsubscribed: 0 };
  for (const r of rows) {
    if (r.status === 'bounced' || r.status === 'unsubscribed') out[r.status] = Number(r.n);
  }
  return out;
}

/** What one subscriber was sent (or was to be sent), newest first. */
export async function deliveriesOf(db: Db, subscriberId: string, limit: number) {
  const rows = await db.kysely
    .selectFrom('deliveries')
    .innerJoin('send_runs', 'send_runs.id', 'deliveries.run_id')
    .select([
      'deliveries.run_id',
      'deliveries.status',
      'deliveries.sent_at',
      'deliveries.last_error',
      'deliveries.article_ids',
      'send_runs.created_at',
    ])
    .where('deliveries.subscriber_id', '=', subscriberId)
    .orderBy('send_runs.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    runId: r.run_id,
    status: r.status,
    sentAt: r.sent_at === null ? null : new Date(Number(r.sent_at)),
    error: r.last_error,
    articles: (JSON.parse(r.article_ids) as string[]).length,
    plannedAt: new Date(Number(r.created_at)),
  }));
}
