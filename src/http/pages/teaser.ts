import type { Article } from '../../articles/index.js';
import { type Html, html } from './html.js';

/** How pages show an article's date: the day, in the site's zone and language. */
export function dateFormat(language: string, timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone });
}

/** `<time>` with the machine-readable instant and the day people read. */
export function dateOf(article: Article, format: Intl.DateTimeFormat): Html {
  return html`<time datetime="${article.date.toISOString()}">${format.format(article.date)}</time>`;
}

export function articlePath(article: Article): string {
  return `/articles/${encodeURIComponent(article.slug)}`;
}

/** Minutes to read at an unhurried 230 words a minute (a CJK character counts as a word). */
export function readingMinutes(article: Article): number {
  const text = article.paragraphs.join(' ');
  const words = text.split(/\s+/).filter(Boolean).length;
  const cjk = text.match(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g)?.length ?? 0;
  return Math.max(1, Math.round((words + cjk) / 230));
}

/** The summary cut at a word boundary, so a long first paragraph stays a teaser. */
export function excerpt(text: string, limit = 220): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= limit) return flat;
  const cut = flat.slice(0, limit);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

/**
 * An article in a list: its headline as a link, its date (and byline), and its summary.
 * `kicker`: name its category above, where a list mixes categories.
 */
export function teaser(
  article: Article,
  format: Intl.DateTimeFormat,
  options: { kicker?: boolean; level?: 2 | 3 } = {},
): Html {
  const headline = html`<a href="${articlePath(article)}">${article.title}</a>`;
  return html`<article class="teaser">
${options.kicker ? html`<p class="kicker"><a href="${`/#${article.category.slug}`}">${article.category.name}</a></p>` : ''}
${options.level === 2 ? html`<h2>${headline}</h2>` : html`<h3>${headline}</h3>`}
<p class="meta">${dateOf(article, format)}${article.byline ? html` · ${article.byline}` : ''}</p>
${article.summary ? html`<p class="summary">${excerpt(article.summary)}</p>` : ''}
</article>`;
}
