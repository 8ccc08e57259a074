import type { Article } from '../articles/index.js';
import type { RecipientField, RecipientGap } from './cut.js';
import type { DigestSelection } from './types.js';

/** The data every digest template sees. Documented for operators in `docs/digest.md`. */
export interface DigestView {
  language: string;
  subject: string;
  /** The inbox preview line: the headlines, newest first. */
  preheader: string;
  site: { name: string; url: string };
  digest: { id: string; url: string; count: number };
  sections: SectionView[];
  more: { count: number; url: string };
  /** Per-subscriber values: gaps (or stand-ins) when the digest is built, filled per copy. */
  recipient: Record<RecipientField, string | RecipientGap>;
}

export interface SectionView {
  name: string;
  slug: string;
  articles: ArticleView[];
}

export interface ArticleView {
  title: string;
  url: string;
  date: string;
  isoDate: string;
  byline: string;
  summary: string;
}

export interface ViewOptions {
  siteUrl: string;
  siteName: string;
  timezone: string;
  language: string;
}

const SUMMARY_LIMIT = 300;

export type ViewBuilder = (
  selection: DigestSelection,
  digestId: string,
  recipient: DigestView['recipient'],
) => DigestView;

/**
 * Builds the data a template sees. An article's view is made once and reused by every digest
 * that shows it (a layout keeps its rendered card with that object); an edited article is a new
 * object with a view of its own.
 */
export function createViewBuilder(options: ViewOptions): ViewBuilder {
  const { siteUrl } = options;
  const dateFormat = new Intl.DateTimeFormat(options.language, {
    dateStyle: 'medium',
    timeZone: options.timezone,
  });
  const articleViews = new WeakMap<Article, ArticleView>();
  const viewOf = (article: Article) => {
    let view = articleViews.get(article);
    if (!view) {
      view = Object.freeze(articleView(article, siteUrl, dateFormat));
      articleViews.set(article, view);
    }
    return view;
  };
  return (selection, digestId, recipient) => {
    const sections = new Map<string, SectionView>();
    for (const article of selection.articles) {
      const { slug, name } = article.category;
      let section = sections.get(slug);
      if (!section) {
        section = { name, slug, articles: [] };
        sections.set(slug, section);
      }
      section.articles.push(viewOf(article));
    }
    return {
      language: options.language,
      subject: digestSubject(selection, options.siteName),
      preheader: selection.articles.map((article) => article.title).join(' · '),
      site: { name: options.siteName, url: `${siteUrl}/` },
      digest: {
        id: digestId,
        url: `${siteUrl}/digests/${digestId}`,
        count: selection.articles.length,
      },
      sections: [...sections.values()],
      more: { count: selection.moreCount, url: `${siteUrl}/` },
      recipient,
    };
  };
}

/** Names the newest headline, so the inbox line says what is inside. */
export function digestSubject(selection: DigestSelection, siteName: string): string {
  const newest = selection.articles[0]?.title ?? '';
  const others = selection.articles.length - 1 + selection.moreCount;
  return others > 0 ? `${siteName}: ${newest} (+${others} more)` : `${siteName}: ${newest}`;
}

function articleView(
  article: Article,
  siteUrl: string,
  dateFormat: Intl.DateTimeFormat,
): ArticleView {
  return {
    title: article.title,
    url: `${siteUrl}/articles/${encodeURIComponent(article.slug)}`,
    date: dateFormat.format(article.date),
    isoDate: article.date.toISOString(),
    byline: article.byline,
    summary: shorten(article.summary, SUMMARY_LIMIT),
  };
}

/**
 * Whether two lists show the same in a digest. The same objects are the common case (one store,
 * one run); after the store is reloaded, an edited title or summary must not reuse a compile.
 */
export function sameArticles(a: readonly Article[], b: readonly Article[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i] as Article;
    return (
      x === y ||
      (x.id === y.id &&
        x.title === y.title &&
        x.slug === y.slug &&
        x.summary === y.summary &&
        x.byline === y.byline &&
        x.date.getTime() === y.date.getTime() &&
        x.category.name === y.category.name &&
        x.category.slug === y.category.slug)
    );
  });
}

/** Cuts at a word boundary, so a long first paragraph stays a teaser. */
function shorten(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= limit) return flat;
  const cut = flat.slice(0, limit);
  const space = cut.lastIndexOf(' ');
  // Three dots, not "…": a Latin-1 digest stays a one-byte string, which halves copying it.
  return `${(space > limit * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}...`;
}
