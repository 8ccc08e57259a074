import type { StoreMigration } from './types.js';
import { instant } from './types.js';

/** When Gazette first saw each article: what is "new" for a digest is decided by this, not by the file's date. */
export const articlesSeen: StoreMigration = {
  name: '001_articles_seen',
  async up(db) {
    await db.schema
      .createTable('article_seen')
      .addColumn('article_id', 'text', (c) => c.primaryKey())
      .addColumn('category_slug', 'text', (c) => c.notNull())
      .addColumn('first_seen_at', instant, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('article_seen_first_seen')
      .on('article_seen')
      .column('first_seen_at')
      .execute();
  },
};
