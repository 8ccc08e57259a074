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
  /** From the title (or front matter), unique in the store. */
  slug: string;
  title: string;
  category: Category;
  date: Date;
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

export type ParseResult = { ok: true; article: Article } | { ok: false; problem: ArticleProblem };

export interface ArticleStore {
  /** Every parsed article, newest first (by date, then id). */
  articles: Article[];
  /** Every category with at least one article, by name. */
  categories: Category[];
  problems: ArticleProblem[];
}

export interface ParseOptions {
  /** Dates without a time or offset are read as wall-clock time in this zone. */
  timezone: string;
}

export const MAX_ARTICLE_BYTES = 1024 * 1024;
