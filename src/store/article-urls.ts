import type { SettledRecord, SettledUrlStore } from '../articles/index.js';
import type { Db } from './database.js';

/** Rows per statement: well inside SQLite's and PostgreSQL's limits on bound values. */
const CHUNK = 500;

/**
 * The settled article URLs (`014_article_urls`) for `createUrlSettler`. Each write is one
 * statement that another worker's same write cannot break: a slug row or an article row is
 * inserted once (`ON CONFLICT DO NOTHING`), and new content is recorded only over other content.
 */
export function createArticleUrlStore(db: Db): SettledUrlStore {
  const { kysely } = db;
  const toRecord = (row: {
    article_id: string;
    slug: string;
    content_hash: string;
    content_since: number | null;
  }): SettledRecord => ({
    articleId: row.article_id,
    slug: row.slug,
    contentHash: row.content_hash,
    contentSince: row.content_since === null ? null : new Date(row.content_since),
  });
  const urlColumns = ['article_id', 'slug', 'content_hash', 'content_since'] as const;

  return {
    async readAll() {
      const [records, slugs] = await Promise.all([
        kysely.selectFrom('article_urls').select(urlColumns).execute(),
        kysely.selectFrom('article_slugs').select(['slug', 'article_id']).execute(),
      ]);
      return {
        records: records.map(toRecord),
        slugs: slugs.map((row) => ({ slug: row.slug, articleId: row.article_id })),
      };
    },

    async read(articleIds) {
      const records: SettledRecord[] = [];
      for (const ids of chunks(articleIds)) {
        const rows = await kysely
          .selectFrom('article_urls')
          .select(urlColumns)
          .where('article_id', 'in', ids)
          .execute();
        records.push(...rows.map(toRecord));
      }
      return records;
    },

    async claim(claims, now) {
      const held = new Map<string, string>();
      for (const part of chunks(claims)) {
        await kysely
          .insertInto('article_slugs')
          .values(
            part.map((claim) => ({
              slug: claim.slug,
              article_id: claim.articleId,
              given_at: now.getTime(),
            })),
          )
          .onConflict((oc) => oc.column('slug').doNothing())
          .execute();
        const rows = await kysely
          .selectFrom('article_slugs')
          .select(['slug', 'article_id'])
          .where(
            'slug',
            'in',
            part.map((claim) => claim.slug),
          )
          .execute();
        for (const row of rows) held.set(row.slug, row.article_id);
      }
      return held;
    },

    async insert(records, now) {
      for (const part of chunks(records)) {
        await kysely
          .insertInto('article_urls')
          .values(
            part.map((record) => ({
              article_id: record.articleId,
              slug: record.slug,
              content_hash: record.contentHash,
              content_since: record.contentSince?.getTime() ?? null,
              settled_at: now.getTime(),
            })),
          )
          .onConflict((oc) => oc.column('article_id').doNothing())
          .execute();
      }
    },

    async move(articleId, slug) {
      await kysely
        .updateTable('article_urls')
        .set({ slug })
        .where('article_id', '=', articleId)
        .execute();
    },

    async recordContent(articleId, contentHash, since) {
      await kysely
        .updateTable('article_urls')
        .set({ content_hash: contentHash, content_since: since.getTime() })
        .where('article_id', '=', articleId)
        .where('content_hash', '<>', contentHash)
        .execute();
    },
  };
}

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) {
    result.push(items.slice(start, start + CHUNK));
  }
  return result;
}
