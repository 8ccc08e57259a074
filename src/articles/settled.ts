import { createHash } from 'node:crypto';
import { idSlug, slugify, slugWithId } from './slug.js';
import type { Article, SettledArticles, SettledRecord, SettledUrlStore } from './types.js';

/** What an article shows in a feed: when it changes, readers see an update. */
export function contentHash(article: Article): string {
  return createHash('sha256')
    .update(JSON.stringify(shownFields(article)))
    .digest('base64url');
}

function shownFields(article: Article): unknown[] {
  const { title, summary, bodyHtml, byline, category, date } = article;
  return [title, summary, bodyHtml, byline, category.slug, date.getTime()];
}

/** Slug attempts for a new article: its own slug, then the same with longer digests of its id. */
const ATTEMPTS = 4;

/**
 * Keeps article URLs and update times in a store, so that they survive restarts and agree
 * between workers. An article's slug is settled the first time it is published (from the front
 * matter's `slug`, its title, or its id; with a digest of its id when another article holds
 * that) and never follows the title again; a new `slug` in the front matter moves it, and the
 * old one redirects. `updated` is the first time its current content was seen (its date for the
 * content it was first seen with). Holds what it read, so a rebuild only writes what changed.
 */
export function createUrlSettler(store: SettledUrlStore) {
  const records = new Map<string, SettledRecord>();
  /** Slug to the article that holds it. */
  const holders = new Map<string, string>();
  /** The last hash of each article, with what it was made from: reused while that is equal. */
  const hashed = new Map<string, { shown: unknown[]; hash: string }>();
  let loaded = false;

  /**
   * `contentHash`, without hashing 15 MB on every rebuild of 10,000 articles (~120 ms): an
   * unchanged file's fields are the very strings the parse cache kept, so comparing them costs
   * a pointer check each.
   */
  const hashOf = (article: Article): string => {
    const shown = shownFields(article);
    const before = hashed.get(article.id);
    if (before?.shown.every((value, index) => value === shown[index])) return before.hash;
    const hash = contentHash(article);
    hashed.set(article.id, { shown, hash });
    return hash;
  };

  const remember = (record: SettledRecord) => {
    records.set(record.articleId, record);
    holders.set(record.slug, record.articleId);
  };

  /** Whether the store must be asked about this article (new, edited, or a slug to move to). */
  const stale = (article: Article, hash: string): boolean => {
    const record = records.get(article.id);
    if (!record || record.contentHash !== hash) return true;
    const wanted = article.requestedSlug;
    if (!wanted || wanted === record.slug) return false;
    const holder = holders.get(wanted);
    return holder === undefined || holder === article.id;
  };

  async function settleNew(articles: Article[], hashes: Map<string, string>, now: Date) {
    const chosen = new Map<string, string>();
    let pending = articles;
    for (let attempt = 0; attempt < ATTEMPTS && pending.length > 0; attempt++) {
      const claims = pending.map((article) => ({
        slug:
          attempt === 0 ? baseSlug(article) : slugWithId(baseSlug(article), article.id, attempt),
        articleId: article.id,
      }));
      const held = await store.claim(claims, now);
      for (const { slug, articleId } of claims) {
        const holder = held.get(slug) ?? articleId;
        holders.set(slug, holder);
        if (holder === articleId) chosen.set(articleId, slug);
      }
      pending = pending.filter((article) => !chosen.has(article.id));
    }
    const fresh = articles.filter((article) => chosen.has(article.id));
    await store.insert(
      fresh.map((article) => ({
        articleId: article.id,
        slug: chosen.get(article.id) as string,
        contentHash: hashes.get(article.id) as string,
        contentSince: null,
      })),
      now,
    );
  }

  async function settleKnown(article: Article, hash: string, now: Date) {
    const record = records.get(article.id) as SettledRecord;
    if (record.contentHash !== hash) await store.recordContent(article.id, hash, now);
    const wanted = article.requestedSlug;
    if (wanted && wanted !== record.slug) {
      const holder = (await store.claim([{ slug: wanted, articleId: article.id }], now)).get(
        wanted,
      );
      holders.set(wanted, holder ?? article.id);
      if ((holder ?? article.id) === article.id) await store.move(article.id, wanted);
    }
  }

  /** The articles with their settled slugs and update times; new ones are settled now. */
  async function settle(articles: Article[], now: Date): Promise<SettledArticles> {
    if (!loaded) {
      const all = await store.readAll();
      for (const { slug, articleId } of all.slugs) holders.set(slug, articleId);
      for (const record of all.records) remember(record);
      loaded = true;
    }
    const hashes = new Map(articles.map((article) => [article.id, hashOf(article)]));
    const asked = articles.filter((article) => stale(article, hashes.get(article.id) as string));
    if (asked.length > 0) {
      const ids = asked.map((article) => article.id);
      for (const record of await store.read(ids)) remember(record); // another worker's writes
      // Oldest first: of two new articles asking for one slug, the older one gets it.
      const fresh = asked
        .filter((article) => !records.has(article.id))
        .sort((a, b) => a.date.getTime() - b.date.getTime() || (a.id < b.id ? -1 : 1));
      await settleNew(fresh, hashes, now);
      for (const article of asked) {
        if (records.has(article.id))
          await settleKnown(article, hashes.get(article.id) as string, now);
      }
      for (const record of await store.read(ids)) remember(record);
    }
    return {
      articles: articles.map((article) => withRecord(article, records.get(article.id))),
      redirects: redirectsOf(articles),
    };
  }

  function redirectsOf(articles: Article[]): Map<string, string> {
    const present = new Set(articles.map((article) => article.id));
    const redirects = new Map<string, string>();
    for (const [slug, articleId] of holders) {
      const current = records.get(articleId)?.slug;
      if (current && current !== slug && present.has(articleId)) redirects.set(slug, current);
    }
    return redirects;
  }

  return { settle };
}

/** Settles `articles` once (a command's run): see `createUrlSettler`. */
export function settleArticles(
  articles: Article[],
  store: SettledUrlStore,
  now: Date,
): Promise<SettledArticles> {
  return createUrlSettler(store).settle(articles, now);
}

/** The slug a new article asks for, before any other article is looked at. */
function baseSlug(article: Article): string {
  return article.requestedSlug ?? (slugify(article.title) || idSlug(article.id));
}

function withRecord(article: Article, record: SettledRecord | undefined): Article {
  if (!record) return article; // not settled this time (the store refused): its own slug
  const since = record.contentSince;
  const updated = since && since.getTime() > article.date.getTime() ? since : undefined;
  if (record.slug === article.slug && updated?.getTime() === article.updated?.getTime()) {
    return article;
  }
  return { ...article, slug: record.slug, updated };
}
