import type { StoreMigration } from './types.js';

/**
 * Indexes for the operator console. The subscribers page pages by email (keyset, so page 1,000
 * costs what page 1 costs) within a status; the dashboard groups sign-ups and deliveries by day.
 * Console sessions are not stored here: they live in the serving process (see `docs/console.md`).
 */
export const consoleIndexes: StoreMigration = {
  name: '009_console',
  async up(db) {
    await db.schema
      .createIndex('subscribers_status_email')
      .on('subscribers')
      .columns(['status', 'email'])
      .execute();
    await db.schema
      .createIndex('subscribers_created')
      .on('subscribers')
      .column('created_at')
      .execute();
    await db.schema.createIndex('deliveries_sent_at').on('deliveries').column('sent_at').execute();
  },
  async down(db) {
    await db.schema.dropIndex('deliveries_sent_at').execute();
    await db.schema.dropIndex('subscribers_created').execute();
    await db.schema.dropIndex('subscribers_status_email').execute();
  },
};
