import type { Db } from './database.js';

export interface StoredDigest {
  id: string;
  contentKey: string;
  subject: string;
  /** The web view: neutral links, no subscriber's address or tokens. */
  html: string;
  articleIds: string[];
  createdAt: Date;
  /** The site URL the links in `html` were rendered with; null when kept before it was noted. */
  siteUrl: string | null;
}

/**
 * Keeps a sent digest's content once. Saving the same id again (another subscriber, another
 * worker, a resumed run) changes nothing; returns whether this call stored it.
 */
export async function saveDigest(
  db: Db,
  digest: Omit<StoredDigest, 'createdAt' | 'siteUrl'> & { siteUrl: string },
  now: Date,
): Promise<boolean> {
  const result = await db.kysely
    .insertInto('digests')
    .values({
      id: digest.id,
      content_key: digest.contentKey,
      subject: digest.subject,
      html: digest.html,
      article_ids: JSON.stringify(digest.articleIds),
      created_at: now.getTime(),
      site_url: digest.siteUrl,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The digest with this id, or undefined: "not found" is not a failure. */
export async function findDigest(db: Db, id: string): Promise<StoredDigest | undefined> {
  const row = await db.kysely
    .selectFrom('digests')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    contentKey: row.content_key,
    subject: row.subject,
    html: row.html,
    articleIds: JSON.parse(row.article_ids) as string[],
    createdAt: new Date(row.created_at),
    siteUrl: row.site_url,
  };
}
