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

/** Cuts at a word boundary, so a long first paragraph stays a teaser. */
function shorten(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= limit) return flat;
  const cut = flat.slice(0, limit);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}
