import { sql } from 'kysely';
import type { StoreMigration } from './types.js';

/**
 * A digest's web view notes the site URL it was
 * rendered with, so `/digests/{id}` can point its links at the site URL of the day it is served
 * (rows kept before have none: the web view finds it in the digest's own "view in browser"
 * link). And subscribers are listed in address order whatever the case of a letter, which this
 * index serves.
 */
export const digestSiteUrl: StoreMigration = {
  name: '017_digest_site_url',
  async up(db) {
    await db.schema.alterTable('digests').addColumn('site_url', 'text').execute();
    await db.schema
      .createIndex('subscribers_email_any_case')
      .on('subscribers')
      .expression(sql`lower(email), email`)
      .execute();
  },
  async down(db) {
    await db.schema.dropIndex('subscribers_email_any_case').execute();
    await db.schema.alterTable('digests').dropColumn('site_url').execute();
  },
};
