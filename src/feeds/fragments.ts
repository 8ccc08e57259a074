import type { Article } from '../articles/index.js';
import type { FeedFormat, FeedOptions } from './types.js';

/**
 * Why items are written without `feed`: it renders an item in 100–200 µs (xml-js walks a generic
 * object tree for every element), so 10,000 articles in three formats cost 3–4 s even rendered
 * once each, against a 2-s target for the whole build. `feed` still writes every document's
 * channel (head, links, namespaces); each item is written once per format by a small writer
 * that mirrors `feed`'s output byte for byte (tested against `feed` itself), cached here, and
 * spliced into the document.
 */
export type ItemWriter = (article: Article, options: FeedOptions) => string;

interface CachedItem {
  /** The article the fragments were written from: reused while every written field is equal. */
  source: Article;
  fragments: Partial<Record<FeedFormat, string>>;
}

/**
 * Item fragments by article id, for one set of options. Each build starts a new cache holding
 * the previous build's entries for the articles it publishes, so deleted articles drop out and
 * an archive page that shifts later still finds its items written.
 */
export class ItemCache {
  readonly #entries = new Map<string, CachedItem>();

  constructor(
    previous: ItemCache | undefined,
    private readonly optionsKey: string,
    articles: Article[],
  ) {
    if (previous?.optionsKey !== optionsKey) return;
    for (const { id } of articles) {
      const entry = previous.#entries.get(id);
      if (entry) this.#entries.set(id, entry);
    }
  }

  fragment(article: Article, format: FeedFormat, options: FeedOptions, write: ItemWriter): string {
    let entry = this.#entries.get(article.id);
    if (!entry || !sameItem(entry.source, article)) {
      entry = { source: article, fragments: {} };
      this.#entries.set(article.id, entry);
    }
    // The same content: later lookups in this build compare by identity.
    entry.source = article;
    let fragment = entry.fragments[format];
    if (fragment === undefined) {
      fragment = write(article, options);
      entry.fragments[format] = fragment;
    }
    return fragment;
  }
}

/** Every field a feed item is written from. */
export function sameItem(a: Article, b: Article): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.slug === b.slug &&
      a.title === b.title &&
      a.date.getTime() === b.date.getTime() &&
      (a.updated ?? a.date).getTime() === (b.updated ?? b.date).getTime() &&
      a.byline === b.byline &&
      a.summary === b.summary &&
      a.bodyHtml === b.bodyHtml &&
      a.category.slug === b.category.slug &&
      a.category.name === b.category.name)
  );
}

/**
 * An item for `feed` to write in the head's place: plain text that cannot be mistaken for markup,
 * with a body exactly when the real items have one (RSS declares its `content` and `dc`
 * namespaces only then).
 */
export function placeholderOf(articles: Article[]): Article {
  const first = articles[0] as Article;
  const body = articles.some((article) => article.bodyHtml) ? 'placeholder' : '';
  return { ...first, title: 'placeholder', summary: 'placeholder', byline: '', bodyHtml: body };
}

/**
 * Replaces the one placeholder item of a document `feed` wrote (from `open` to the first
 * `close` after it) with the real items, joined as `feed` would: by a line break and the
 * indentation of an item.
 */
export function spliceItems(
  document: string,
  open: string,
  close: string,
  items: string[],
  separator: string,
): string {
  const start = document.indexOf(open);
  const end = document.indexOf(close, start);
  if (start < 0 || end < 0) throw new Error(`feeds: no ${open} placeholder to replace`);
  return `${document.slice(0, start)}${items.join(separator)}${document.slice(end + close.length)}`;
}
