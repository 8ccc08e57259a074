import type { Article } from '../articles/index.js';
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
  /** Per-subscriber values: placeholders at compile time, substituted for each copy. */
  recipient: RecipientView;
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

export interface RecipientView {
  name: string;
  email: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
}

export interface ViewOptions {
  siteUrl: string;
  siteName: string;
  timezone: string;
  language: string;
}

const SUMMARY_LIMIT = 300;

export function buildDigestView(
  selection: DigestSelection,
  digestId: string,
  recipient: RecipientView,
  options: ViewOptions,
  dateFormat: Intl.DateTimeFormat,
): DigestView {
  const { siteUrl } = options;
  const sections = new Map<string, SectionView>();
  for (const article of selection.articles) {
    const { slug, name } = article.category;
    let section = sections.get(slug);
    if (!section) {
      section = { name, slug, articles: [] };
      sections.set(slug, section);
    }
    section.articles.push(articleView(article, siteUrl, dateFormat));
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
}

/** Names the newest headline, so the inbox line says what is inside. */
export function digestSubject(selection: DigestSelection, siteName: string): string {
  const newest = selection.articles[0]?.title ?? '';
  const others = selection.articles.length - 1 + selection.moreCount;
  return others > 0 ? `${siteName}: ${newest} (+${others} more)` : `${siteName}: ${newest}`;
}

function articleView(article: Article, siteUrl: string, dateFormat: Intl.DateTimeFormat) {
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
