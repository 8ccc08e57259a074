import { sql } from 'kysely';
import type { Db } from './database.js';

const DAY_MS = 86_400_000;

/**
 * The UTC day of an instant column, as a day number. A literal, not a parameter: PostgreSQL must
 * see the same expression in SELECT and GROUP BY.
 */
export function utcDay(column: string) {
  return sql<number>`(${sql.ref(column)} / ${sql.lit(DAY_MS)})`;
}

/** The day number `utcDay` gave, as the instant the day starts. */
export function dayStart(day: number): Date {
  return new Date(day * DAY_MS);
}

/**
 * What was sent, as operators look back on it: counts per day grouped in SQL (the dashboard never
 * loads a table), a run's losses, one subscriber's deliveries.
 */
/** Digests sent and failed per UTC day (by when they were sent or last tried), and bounces. */
export async function deliveriesPerDay(
  db: Db,
  since: Date,
): Promise<{ day: Date; sent: number; failed: number; bounced: number }[]> {
  const byDay = new Map<number, { sent: number; failed: number; bounced: number }>();
  const at = (d: number) => {
    const entry = byDay.get(d) ?? { sent: 0, failed: 0, bounced: 0 };
    byDay.set(d, entry);
    return entry;
  };
  const sent = await db.kysely
    .selectFrom('deliveries')
    .select([utcDay('sent_at').as('d'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'sent')
    .where('sent_at', '>=', since.getTime())
    .groupBy(utcDay('sent_at'))
    .execute();
  for (const r of sent) at(Number(r.d)).sent = Number(r.n);
  // A failed row keeps no failure time; its claim is the last attempt's start.
  const failed = await db.kysely
    .selectFrom('deliveries')
    .select([utcDay('claimed_at').as('d'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'failed')
    .where('claimed_at', '>=', since.getTime())
    .groupBy(utcDay('claimed_at'))
    .execute();
  for (const r of failed) at(Number(r.d)).failed = Number(r.n);
  const bounced = await db.kysely
    .selectFrom('subscribers')
    .select([utcDay('bounced_at').as('d'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('bounced_at', '>=', since.getTime())
    .groupBy(utcDay('bounced_at'))
    .execute();
  for (const r of bounced) at(Number(r.d)).bounced = Number(r.n);
  return [...byDay]
    .map(([d, v]) => ({ day: dayStart(d), ...v }))
    .sort((a, b) => a.day.getTime() - b.day.getTime());
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
