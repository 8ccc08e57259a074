import type { StoreMigration } from './types.js';
import { instant } from './types.js';

/**
 * Article URLs settled when an article is first published, and what its content was then.
 * `article_slugs` keeps every slug ever given to an article, forever: a slug is never given to
 * another article, and a former one answers `301` to the article's current slug. `article_urls`
 * holds each article's current slug and the hash of its content, with the time that content
 * was first seen when it is an edit (null for the content the article was first seen with).
 */
export const articleUrls: StoreMigration = {
  name: '014_article_urls',
  async up(db) {
    await db.schema
      .createTable('article_slugs')
      .addColumn('slug', 'text', (c) => c.primaryKey())
      .addColumn('article_id', 'text', (c) => c.notNull())
      .addColumn('given_at', instant, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('article_slugs_article')
      .on('article_slugs')
      .column('article_id')
      .execute();
    await db.schema
      .createTable('article_urls')
      .addColumn('article_id', 'text', (c) => c.primaryKey())
      .addColumn('slug', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('content_since', instant)
      .addColumn('settled_at', instant, (c) => c.notNull())
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('article_urls').execute();
    await db.schema.dropTable('article_slugs').execute();
  },
};
