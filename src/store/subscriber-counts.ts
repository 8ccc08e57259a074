import type { Db } from './database.js';
import { countPerDay, dayStart } from './delivery-history.js';
import type { SubscriberStatus } from './schema.js';

/** Subscribers counted by status and by the day they signed up, grouped in SQL. */

/** Statuses that have subscribers, for `/metrics`. */
export async function countSubscribersByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db.kysely
    .selectFrom('subscribers')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

/** Every status, those without subscribers at 0. */
export async function subscribersByStatus(db: Db): Promise<Record<SubscriberStatus, number>> {
  return {
    pending: 0,
    confirmed: 0,
    unsubscribed: 0,
    bounced: 0,
    complained: 0,
    ...(await countSubscribersByStatus(db)),
  };
}

/** New subscribers per UTC day since `since`, oldest first; days without any are absent. */
export async function signupsPerDay(db: Db, since: Date): Promise<{ day: Date; count: number }[]> {
  const perDay = await countPerDay(db, 'subscribers', 'created_at', since);
  return [...perDay]
    .sort(([a], [b]) => a - b)
    .map(([day, count]) => ({ day: dayStart(day), count }));
}

/** Subscribers who existed before `since`: the base the growth line starts from. */
export async function subscribersBefore(db: Db, since: Date): Promise<number> {
  const row = await db.kysely
    .selectFrom('subscribers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('created_at', '<', since.getTime())
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
