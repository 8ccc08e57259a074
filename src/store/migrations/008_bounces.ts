import type { StoreMigration } from './types.js';
import { instant } from './types.js';

/**
 * Bounce reports that arrive after a relay accepted a message: each report is kept (transient
 * ones too, so an operator can see a mailbox that is often full), and a delivery that bounced
 * for good is marked on its row. The delivery's status stays `sent` (the relay did accept it),
 * so run counts and digest history are unchanged.
 */
export const bounces: StoreMigration = {
  name: '008_bounces',
  async up(db, dialect) {
    await db.schema.alterTable('deliveries').addColumn('bounced_at', instant).execute();
    await db.schema.alterTable('deliveries').addColumn('bounce_reason', 'text').execute();
    await db.schema
      .createTable('bounce_reports')
      .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('delivery_id', 'bigint', (c) => c.notNull())
      .addColumn('subscriber_id', 'text', (c) => c.notNull())
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('diagnostic', 'text', (c) => c.notNull())
      .addColumn('permanent', 'integer', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('received_at', instant, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('bounce_reports_subscriber')
      .on('bounce_reports')
      .columns(['subscriber_id', 'received_at'])
      .execute();
  },
};
