import type { StoreMigration } from './types.js';

/**
 * The site URL a digest's web view was rendered with, so `/digests/{id}` can point its links at
 * the site URL of the day it is served. Rows kept before this have none: the web view finds it
 * in the digest's own "view in browser" link.
 */
export const digestSiteUrl: StoreMigration = {
  name: '017_digest_site_url',
  async up(db) {
    await db.schema.alterTable('digests').addColumn('site_url', 'text').execute();
  },
  async down(db) {
    await db.schema.alterTable('digests').dropColumn('site_url').execute();
  },
};
