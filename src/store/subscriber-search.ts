import { sql } from 'kysely';
import type { Db } from './database.js';
import type { SubscriberStatus } from './schema.js';
import type { SubscriberSummary } from './subscriber-lookup.js';

export interface SubscriberQuery {
  /** Part of the address or name, any case. */
  q?: string;
  status?: SubscriberStatus;
  limit: number;
  /** Keyset paging: the rows after this address (wins over `offset`). */
  after?: string;
  offset?: number;
}

export interface SubscriberRow extends SubscriberSummary {
  timezone: string | null;
  createdAt: Date;
  confirmedAt: Date | null;
}

/**
 * A LIKE pattern (used with `escape '\\'`) for `text` anywhere in a lower-cased value: the `%`,
 * `_` and `\` a person types match themselves, the same on both databases.
 */
export function likeContaining(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A page of subscribers in address order, and how many match in all. */
export async function searchSubscribers(
  db: Db,
  query: SubscriberQuery,
): Promise<{ rows: SubscriberRow[]; total: number }> {
  let base = db.kysely.selectFrom('subscribers');
  if (query.status) base = base.where('status', '=', query.status);
  if (query.q) {
    const like = likeContaining(query.q);
    base = base.where(
      sql<boolean>`(lower(email) like ${like} escape '\\' or lower(coalesce(name, '')) like ${like} escape '\\')`,
    );
  }
  const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  let page = base
    .select([
      'id',
      'email',
      'name',
      'categories',
      'frequency',
      'status',
      'timezone',
      'created_at',
      'confirmed_at',
    ])
    .orderBy('email')
    .limit(query.limit);
  if (query.after !== undefined) page = page.where('email', '>', query.after);
  else if (query.offset) page = page.offset(query.offset);
  const rows = await page.execute();
  return {
    total: Number(counted?.n ?? 0),
    rows: rows.map((row) => ({
      id: row.id,
      email: row.email,
      name: row.name,
      categories: JSON.parse(row.categories) as string[],
      frequency: row.frequency,
      status: row.status,
      timezone: row.timezone,
      createdAt: new Date(Number(row.created_at)),
      confirmedAt: row.confirmed_at === null ? null : new Date(Number(row.confirmed_at)),
    })),
  };
}

/** Subscribers by status, for `/metrics`. */
export async function countSubscribersByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db.kysely
    .selectFrom('subscribers')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

/** The database answers: for `/healthz`. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}
