import type { StoreMigration } from './types.js';
import { instant } from './types.js';

/**
 * Subscribers and the evidence of their consent. `categories` is a JSON array of slugs (empty:
 * every category); `email` is normalised before it is stored, so the unique index is the rule.
 */
export const subscribers: StoreMigration = {
  name: '002_subscribers',
  async up(db) {
    await db.schema
      .createTable('subscribers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text')
      .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('frequency', 'text', (c) => c.notNull().defaultTo('daily'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
      .addColumn('timezone', 'text')
      .addColumn('created_at', instant, (c) => c.notNull())
      .addColumn('updated_at', instant, (c) => c.notNull())
      .addColumn('subscribed_at', instant)
      .addColumn('subscribed_ip', 'text')
      .addColumn('subscribed_user_agent', 'text')
      .addColumn('confirmed_at', instant)
      .addColumn('confirmed_ip', 'text')
      .addColumn('unsubscribed_at', instant)
      .addColumn('bounced_at', instant)
      .addColumn('bounce_reason', 'text')
      .execute();
    await db.schema
      .createIndex('subscribers_status')
      .on('subscribers')
      .columns(['status', 'frequency'])
      .execute();
  },
};
