import { createHash } from 'node:crypto';
import { type Article, categorySlugOf } from '../articles/index.js';
import type { DigestSelection, DigestSubscriber } from './types.js';

export interface SelectDigestInput {
  /** Already published (see `publishedAt`). */
  articles: Article[];
  /** When Gazette first saw each article; an article missing here counts as seen at `now`. */
  firstSeen: ReadonlyMap<string, Date>;
  subscriber: DigestSubscriber;
  now: Date;
  firstDigestItems: number;
  maxItems: number;
}

/**
 * The digest a subscriber gets at `now`, or null when there is nothing new (never an empty one).
 *
 * "New" is decided by when Gazette first saw an article, not by the date in its file: a file dated
 * yesterday but added today is news. An article seen after `now` waits for the next digest, so the
 * caller should pass this `now` as the next `lastDigestAt`. A first digest holds the newest
 * `firstDigestItems` articles of the subscriber's categories, whenever they were seen.
 */
export function selectDigest(input: SelectDigestInput): DigestSelection | null {
  const { subscriber, now } = input;
  // Stored choices are slugs; a name ("Biz Updates") is accepted too.
  const wanted =
    subscriber.categories.length > 0 ? new Set(subscriber.categories.map(categorySlugOf)) : null;
  const nowMs = now.getTime();
  const candidates = input.articles.filter(
    (article) =>
      (wanted === null || wanted.has(article.category.slug)) &&
      !subscriber.sentArticleIds.has(article.id) &&
      article.date.getTime() <= nowMs,
  );

  let fresh: Article[];
  let limit: number;
  if (subscriber.lastDigestAt === null) {
    fresh = candidates;
    limit = Math.min(input.firstDigestItems, input.maxItems);
  } else {
    const since = subscriber.lastDigestAt.getTime();
    fresh = candidates.filter((article) => {
      const seen = input.firstSeen.get(article.id)?.getTime() ?? nowMs;
      return seen > since && seen <= nowMs;
    });
    limit = input.maxItems;
  }
  if (fresh.length === 0) return null;

  const articles = fresh.sort(newestFirst).slice(0, limit);
  // The rest of a first digest is the archive, not news: only a capped regular digest says "more".
  const moreCount = subscriber.lastDigestAt === null ? 0 : fresh.length - articles.length;
  return { articles, moreCount, key: contentKey(articles, moreCount) };
}

/** The content key: a hash of what the digest shows, in order. */
export function contentKey(articles: readonly Article[], moreCount: number): string {
  const hash = createHash('sha256');
  for (const article of articles) hash.update(`${article.id}\n`);
  hash.update(`more:${moreCount}`);
  return hash.digest('hex');
}

/** The digest's public id (its web view is `/digests/{id}`): derived from the content key. */
export function digestIdOf(key: string): string {
  return key.slice(0, 20);
}

/** Same order as the article store: by date, newest first, then by id. */
function newestFirst(a: Article, b: Article): number {
  return b.date.getTime() - a.date.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
