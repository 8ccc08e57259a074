import type { Db } from './database.js';

/**
 * Records the first time each article was seen and returns every article's first-seen instant.
 * Re-recording is harmless: an existing row keeps its original instant.
 */
export async function recordArticlesSeen(
  db: Db,
  articles: { id: string; categorySlug: string }[],
  now: Date,
): Promise<Map<string, Date>> {
  const chunk = 200;
  for (let i = 0; i < articles.length; i += chunk) {
    const rows = articles.slice(i, i + chunk).map((article) => ({
      article_id: article.id,
      category_slug: article.categorySlug,
      first_seen_at: now.getTime(),
    }));
    if (rows.length === 0) continue;
    await db.kysely
      .insertInto('article_seen')
      .values(rows)
      .onConflict((oc) => oc.column('article_id').doNothing())
      .execute();
  }
  const seen = await db.kysely
    .selectFrom('article_seen')
    .select(['article_id', 'first_seen_at'])
    .execute();
  return new Map(seen.map((row) => [row.article_id, new Date(row.first_seen_at)]));
}
