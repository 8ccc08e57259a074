import type { Selectable, Updateable } from 'kysely';
import type { Subscriber, SubscriberRepository, SubscriptionSource } from '../subscribers/index.js';
import type { Db } from './database.js';
import type { SubscribersTable } from './schema.js';

type Row = Selectable<SubscribersTable>;

/** The subscriber repository on SQLite or PostgreSQL. */
export function createSubscriberRepository(db: Db): SubscriberRepository {
  const { kysely } = db;
  const select = () => kysely.selectFrom('subscribers').selectAll();
  return {
    async findById(id) {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async findByEmail(email) {
      const row = await select().where('email', '=', email).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async insert(subscriber) {
      // The unique email decides between two racing inserts; the loser is told, not thrown at.
      const result = await kysely
        .insertInto('subscribers')
        .values(toRow(subscriber) as Row)
        .onConflict((oc) => oc.column('email').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async update(id, changes, now, options = {}) {
      const values = toRow({ ...changes, updatedAt: now });
      let query = kysely.updateTable('subscribers').set(values).where('id', '=', id);
      if (options.ifStatus) query = query.where('status', 'in', options.ifStatus);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async list() {
      const rows = await select().orderBy('email').execute();
      return rows.map(fromRow);
    },
    async remove(id) {
      const result = await kysely.deleteFrom('subscribers').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

/** Instants are integer ms in the table; undefined (not being changed) passes through. */
function ms<T extends Date | null | undefined>(value: T) {
  return (value instanceof Date ? value.getTime() : value) as T extends Date ? number : T;
}
const date = (value: number | null) => (value === null ? null : new Date(Number(value)));

function fromRow(row: Row): Subscriber {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    categories: parseCategories(row.categories),
    frequency: row.frequency,
    status: row.status,
    timezone: row.timezone,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
    subscribedAt: date(row.subscribed_at),
    subscribedIp: row.subscribed_ip,
    subscribedUserAgent: row.subscribed_user_agent,
    subscribedSource: row.subscribed_source as SubscriptionSource | null,
    confirmedAt: date(row.confirmed_at),
    confirmedIp: row.confirmed_ip,
    confirmedUserAgent: row.confirmed_user_agent,
    unsubscribedAt: date(row.unsubscribed_at),
    bouncedAt: date(row.bounced_at),
    bounceReason: row.bounce_reason,
    complainedAt: date(row.complained_at),
    complaintSource: row.complaint_source,
    preferencesUpdatedAt: date(row.preferences_updated_at),
    noticeSentAt: date(row.notice_sent_at),
  };
}

/** The columns for the fields present in `s` (all of them for a whole subscriber). */
function toRow(s: Partial<Subscriber>): Updateable<SubscribersTable> {
  const row: Updateable<SubscribersTable> = {};
  const set = <K extends keyof SubscribersTable>(
    key: K,
    value: SubscribersTable[K] | undefined,
  ) => {
    if (value !== undefined) row[key] = value;
  };
  set('id', s.id);
  set('email', s.email);
  set('name', s.name);
  set('categories', s.categories && JSON.stringify(s.categories));
  set('frequency', s.frequency);
  set('status', s.status);
  set('timezone', s.timezone);
  set('created_at', ms(s.createdAt));
  set('updated_at', ms(s.updatedAt));
  set('subscribed_at', ms(s.subscribedAt));
  set('subscribed_ip', s.subscribedIp);
  set('subscribed_user_agent', s.subscribedUserAgent);
  set('subscribed_source', s.subscribedSource);
  set('confirmed_at', ms(s.confirmedAt));
  set('confirmed_ip', s.confirmedIp);
  set('confirmed_user_agent', s.confirmedUserAgent);
  set('unsubscribed_at', ms(s.unsubscribedAt));
  set('bounced_at', ms(s.bouncedAt));
  set('bounce_reason', s.bounceReason);
  set('complained_at', ms(s.complainedAt));
  set('complaint_source', s.complaintSource);
  set('preferences_updated_at', ms(s.preferencesUpdatedAt));
  set('notice_sent_at', ms(s.noticeSentAt));
  return row;
}

function parseCategories(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
