import { sql } from 'kysely';
import type { Db } from './database.js';
import type { SubscriberStatus } from './schema.js';
import { likeContaining } from './subscriber-search.js';

const DAY_MS = 86_400_000;

/**
 * The reads of the operator console: counts grouped in SQL (the dashboard never loads a table)
 * and keyset pages (the subscribers page costs the same on page 1 and page 1,000).
 */
export function createConsoleQueries(db: Db) {
  const { kysely } = db;
  // A literal, not a parameter: PostgreSQL must see the same expression in SELECT and GROUP BY.
  const day = (column: string) => sql<number>`(${sql.ref(column)} / ${sql.lit(DAY_MS)})`;

  return {
    async subscribersByStatus(): Promise<Record<SubscriberStatus, number>> {
      const rows = await kysely
        .selectFrom('subscribers')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute();
      const out: Record<SubscriberStatus, number> = {
        pending: 0,
        confirmed: 0,
        unsubscribed: 0,
        bounced: 0,
        complained: 0,
      };
      for (const row of rows) out[row.status] = Number(row.n);
      return out;
    },

    /** New subscribers per UTC day since `since`, oldest first; days without any are absent. */
    async signupsPerDay(since: Date): Promise<{ day: Date; count: number }[]> {
      const rows = await kysely
        .selectFrom('subscribers')
        .select([day('created_at').as('d'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('created_at', '>=', since.getTime())
        .groupBy(day('created_at'))
        .execute();
      return rows
        .map((r) => ({ day: new Date(Number(r.d) * DAY_MS), count: Number(r.n) }))
        .sort((a, b) => a.day.getTime() - b.day.getTime());
    },

    /** Subscribers who existed before `since`: the base the growth line starts from. */
    async subscribersBefore(since: Date): Promise<number> {
      const row = await kysely
        .selectFrom('subscribers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('created_at', '<', since.getTime())
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /** Digests sent and failed per UTC day (by when they were sent or last tried), and bounces. */
    async deliveriesPerDay(
      since: Date,
    ): Promise<{ day: Date; sent: number; failed: number; bounced: number }[]> {
      const byDay = new Map<number, { sent: number; failed: number; bounced: number }>();
      const at = (d: number) => {
        const entry = byDay.get(d) ?? { sent: 0, failed: 0, bounced: 0 };
        byDay.set(d, entry);
        return entry;
      };
      const sent = await kysely
        .selectFrom('deliveries')
        .select([day('sent_at').as('d'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'sent')
        .where('sent_at', '>=', since.getTime())
        .groupBy(day('sent_at'))
        .execute();
      for (const r of sent) at(Number(r.d)).sent = Number(r.n);
      // A failed row keeps no failure time; its claim is the last attempt's start.
      const failed = await kysely
        .selectFrom('deliveries')
        .select([day('claimed_at').as('d'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'failed')
        .where('claimed_at', '>=', since.getTime())
        .groupBy(day('claimed_at'))
        .execute();
      for (const r of failed) at(Number(r.d)).failed = Number(r.n);
      const bounced = await kysely
        .selectFrom('subscribers')
        .select([day('bounced_at').as('d'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('bounced_at', '>=', since.getTime())
        .groupBy(day('bounced_at'))
        .execute();
      for (const r of bounced) at(Number(r.d)).bounced = Number(r.n);
      return [...byDay]
        .map(([d, v]) => ({ day: new Date(d * DAY_MS), ...v }))
        .sort((a, b) => a.day.getTime() - b.day.getTime());
    },

    /** Of a run's recipients, how many bounced and how many unsubscribed since it was planned. */
    async runLosses(
      runId: string,
      since: Date,
    ): Promise<{ bounced: number; unsubscribed: number }> {
      const rows = await kysely
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
    },

    /**
     * One page of subscribers ordered by email, after `after` (keyset). `query` matches part of
     * the address; `category` keeps those who get that category (an empty list is every one).
     */
    async subscribersPage(filter: SubscriberFilter): Promise<SubscriberRow[]> {
      let q = kysely
        .selectFrom('subscribers')
        .select(['id', 'email', 'categories', 'frequency', 'status', 'created_at'])
        .orderBy('email')
        .limit(filter.limit);
      if (filter.after) q = q.where('email', '>', filter.after);
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.query) {
        q = q.where(sql<boolean>`lower(email) like ${likeContaining(filter.query)} escape '\\'`);
      }
      if (filter.category) {
        const needle = likeContaining(JSON.stringify(filter.category));
        q = q.where((eb) =>
          eb.or([eb('categories', '=', '[]'), sql<boolean>`categories like ${needle} escape '\\'`]),
        );
      }
      const rows = await q.execute();
      return rows.map((r) => ({
        id: r.id,
        email: r.email,
        categories: JSON.parse(r.categories) as string[],
        frequency: r.frequency,
        status: r.status,
        createdAt: new Date(Number(r.created_at)),
      }));
    },

    /** Workers on a run whose heartbeat is newer than `since`: none means nobody is sending it. */
    async liveWorkers(runId: string, since: Date): Promise<number> {
      const row = await kysely
        .selectFrom('send_workers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('run_id', '=', runId)
        .where('heartbeat_at', '>=', since.getTime())
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /** What one subscriber was sent (or was to be sent), newest first. */
    async deliveriesOf(subscriberId: string, limit: number) {
      const rows = await kysely
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
    },
  };
}

export type ConsoleQueries = ReturnType<typeof createConsoleQueries>;

export interface SubscriberFilter {
  after?: string | undefined;
  status?: SubscriberStatus | undefined;
  category?: string | undefined;
  query?: string | undefined;
  limit: number;
}

export interface SubscriberRow {
  id: string;
  email: string;
  categories: string[];
  frequency: 'daily' | 'weekly';
  status: SubscriberStatus;
  createdAt: Date;
}
