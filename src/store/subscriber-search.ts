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

export interface SubscriberFilter {
  after?: string | undefined;
  status?: SubscriberStatus | undefined;
  category?: string | undefined;
  query?: string | undefined;
  limit: number;
}

export interface SubscriberPageRow {
  id: string;
  email: string;
  categories: string[];
  frequency: 'daily' | 'weekly';
  status: SubscriberStatus;
  createdAt: Date;
}

/**
 * One page of subscribers ordered by email, after `after` (keyset). `query` matches part of
 * the address; `category` keeps those who get that category (an empty list is every one).
 */
export async function subscribersPage(
  db: Db,
  filter: SubscriberFilter,
): Promise<SubscriberPageRow[]> {
  let q = db.kysely
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
}
