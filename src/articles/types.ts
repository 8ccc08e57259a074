export interface Category {
  /** The display name, as written in the article files. */
  name: string;
  /** Lower-case, hyphenated, stable: two spellings of one name give one slug. */
  slug: string;
}

export interface RelatedTeaser {
  headline: string;
  blurb: string;
}

export interface Article {
  /** Stable id from the file's path (without extension), never from the title. */
  id: string;
  /**
   * The last part of its URL: from the front matter's `slug`, else the title, else the id; unique
   * in the store. Where a store of settled URLs is used (`settleArticles`), the one settled when
   * the article was first published.
   */
  slug: string;
  /** The front matter's `slug`, slugified: it wins over a settled URL (the old one redirects). */
  requestedSlug?: string | undefined;
  title: string;
  category: Category;
  date: Date;
  /**
   * When its current content was first seen, never earlier than `date`; unset (read as `date`)
   * until a store of settled articles has seen an edit (see `settleArticles`).
   */
  updated?: Date | undefined;
  byline: string;
  /** The body as plain-text paragraphs. */
  paragraphs: string[];
  /** The body as HTML: escaped paragraphs for the seed format, rendered Markdown for `.md`. */
  bodyHtml: string;
  summary: string;
  related: RelatedTeaser[];
  /** The file it came from, relative to the store's folder. */
  sourcePath: string;
}

/** A file that could not be read as an article: where, and why. */
export class ArticleProblem extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${path}:${line}: ${reason}`);
    this.name = 'ArticleProblem';
  }

  toJSON(): { path: string; line: number; reason: string } {
    return { path: this.path, line: this.line, reason: this.reason };
  }
}

/** Something removed or changed in a file that is still published: where, and what. */
export class ArticleWarning extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${path}:${line}: warning: ${reason}`);
    this.name = 'ArticleWarning';
  }

  toJSON(): { path: string; line: number; reason: string } {
    return { path: this.path, line: this.line, reason: this.reason };
  }
}

export type ParseResult =
  | { ok: true; article: Article; warnings?: ArticleWarning[] }
  | { ok: false; problem: ArticleProblem };

export interface ArticleStore {
  /** Every parsed article, newest first (by date, then id). */
  articles: Article[];
  /** Every category with at least one article, by name. */
  categories: Category[];
  problems: ArticleProblem[];
  /** What was removed from files that are still published (`gazette articles check`). */
  warnings?: ArticleWarning[];
}

export interface ParseOptions {
  /** Dates without a time or offset are read as wall-clock time in this zone. */
  timezone: string;
}

export const MAX_ARTICLE_BYTES = 1024 * 1024;

/** One article as the store of settled URLs holds it. */
export interface SettledRecord {
  articleId: string;
  /** Its current slug: the last part of its URL. */
  slug: string;
  /** `contentHash` of the content it was last seen with. */
  contentHash: string;
  /** When that content was first seen, if it is an edit; null for the first content. */
  contentSince: Date | null;
}

/**
 * What settling needs from a database (`createArticleUrlStore` in `store/` gives it). Every
 * write is safe to race with another worker: a slug is given once, a record written once, and
 * the settler reads back what won.
 */
export interface SettledUrlStore {
  /** Every record, and every slug ever given to an article. */
  readAll(): Promise<{ records: SettledRecord[]; slugs: { slug: string; articleId: string }[] }>;
  /** The records of these articles as they are now. */
  read(articleIds: string[]): Promise<SettledRecord[]>;
  /** Gives each slug to its article unless an article holds it; answers who holds each now. */
  claim(claims: { slug: string; articleId: string }[], now: Date): Promise<Map<string, string>>;
  /** Records new articles; an article recorded meanwhile keeps its record. */
  insert(records: SettledRecord[], now: Date): Promise<void>;
  /** Points an article at another slug it holds. */
  move(articleId: string, slug: string): Promise<void>;
  /** Records an article's new content, unless that content is the one recorded. */
  recordContent(articleId: string, contentHash: string, since: Date): Promise<void>;
}

export interface SettledArticles {
  /** The articles given, each with its settled slug and its `updated`. */
  articles: Article[];
  /** Every former slug of these articles, to its current one. */
  redirects: Map<string, string>;
}
