import type { StoreMigration } from './types.js';
import { instant } from './types.js';

/**
 * Digests as sent, once per content (never per subscriber): the web view at `/digests/{id}` with
 * neutral links, and which articles it held. `id` derives from `content_key`, so a digest sent to
 * many subscribers, or by two workers, is one row.
 */
export const digests: StoreMigration = {
  name: '004_digests',
  async up(db) {
    await db.schema
      .createTable('digests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('content_key', 'text', (c) => c.notNull().unique())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('html', 'text', (c) => c.notNull())
      .addColumn('article_ids', 'text', (c) => c.notNull())
      .addColumn('created_at', instant, (c) => c.notNull())
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('digests').execute();
  },
};
