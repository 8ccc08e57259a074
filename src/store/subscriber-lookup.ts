import { type Kysely, sql } from 'kysely';
import type { DueSubscriber, Frequency } from '../send/index.js';
import { normaliseEmail, type Subscriber } from '../subscribers/index.js';
import type { Db } from './database.js';
import type { Database } from './schema.js';

/** What an operator looks a subscriber up for. */
export type SubscriberSummary = Pick<
  Subscriber,
  'id' | 'email' | 'name' | 'categories' | 'frequency' | 'status'
>;

/** One subscriber by address (normalised as stored), or undefined. */
export async function findSubscriberByEmail(
  db: Db,
  email: string,
): Promise<SubscriberSummary | undefined> {
  const normalised = normaliseEmail(email);
  if (normalised === null) return undefined;
  const row = await db.kysely
    .selectFrom('subscribers')
    .select(['id', 'email', 'name', 'categories', 'frequency', 'status'])
    .where('email', '=', normalised)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...row, categories: parseCategories(row.categories) };
}

function parseCategories(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((item) => typeof item === 'string') : [];
}

const PAGE = 500;
/** Article ids sent longer ago than this cannot be chosen again, so the history stops there. */
const HISTORY_MS = 120 * 24 * 3_600_000;
const DUE_COLUMNS = ['id', 'email', 'name', 'categories', 'timezone'] as const;

/**
 * The confirmed subscribers of a frequency in id order, a page at a time (memory stays flat),
 * each with their sent history. `db` may be a transaction: planning reads them inside its own.
 */
export async function* duePages(
  db: Kysely<Database>,
  frequency: Frequency,
  now: Date,
): AsyncGenerator<DueSubscriber[]> {
  let after = '';
  for (;;) {
    const page = await db
      .selectFrom('subscribers')
      .select(DUE_COLUMNS)
      .where('status', '=', 'confirmed')
      .where('frequency', '=', frequency)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    const last = page.at(-1);
    if (!last) return;
    after = last.id;
    yield withHistory(db, page, now);
  }
}

/** Each subscriber of `duePages`, one by one. */
export async function* eachDue(
  db: Db,
  frequency: Frequency,
  now: Date,
): AsyncGenerator<DueSubscriber> {
  for await (const page of duePages(db.kysely, frequency, now)) yield* page;
}

/** The confirmed subscriber of `frequency` at `email`, in any case; the last by id if several. */
export async function findDue(
  db: Db,
  email: string,
  frequency: Frequency,
  now: Date,
): Promise<DueSubscriber | undefined> {
  const rows = await db.kysely
    .selectFrom('subscribers')
    .select(DUE_COLUMNS)
    .where('status', '=', 'confirmed')
    .where('frequency', '=', frequency)
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .orderBy('id', 'desc')
    .limit(1)
    .execute();
  return rows.length === 0 ? undefined : (await withHistory(db.kysely, rows, now))[0];
}

/** Of these subscribers, those no longer confirmed (unsubscribed or bounced since planning). */
export async function notConfirmed(db: Db, subscriberIds: string[]): Promise<Set<string>> {
  if (subscriberIds.length === 0) return new Set();
  const rows = await db.kysely
    .selectFrom('subscribers')
    .select('id')
    .where('id', 'in', subscriberIds)
    .where('status', '<>', 'confirmed')
    .execute();
  return new Set(rows.map((row) => row.id));
}

async function withHistory(
  db: Kysely<Database>,
  rows: {
    id: string;
    email: string;
    name: string | null;
    categories: string;
    timezone: string | null;
  }[],
  now: Date,
): Promise<DueSubscriber[]> {
  const history = await historyOf(
    db,
    rows.map((row) => row.id),
    now,
  );
  return rows.map((row) => {
    const past = history.get(row.id);
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      categories: JSON.parse(row.categories) as string[],
      timezone: row.timezone,
      lastDigestAt: past?.last ?? null,
      sentArticleIds: past?.ids ?? new Set(),
    };
  });
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
