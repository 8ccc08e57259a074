import type { StoreMigration } from './types.js';
import { instant } from './types.js';

/**
 * Receiving domains held back after a 4xx ("try later"), shared by every worker: one worker's
 * refusal spares the others from knocking on the same door. A row stays (for its failure count,
 * which sets the next backoff) until a message to the domain is accepted, or a day has passed.
 */
export const domainDeferrals: StoreMigration = {
  name: '013_domain_deferrals',
  async up(db) {
    await db.schema
      .createTable('domain_deferrals')
      .addColumn('domain', 'text', (c) => c.primaryKey())
      .addColumn('held_until', instant, (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('updated_at', instant, (c) => c.notNull())
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('domain_deferrals').execute();
  },
};
