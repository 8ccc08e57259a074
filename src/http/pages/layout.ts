import { escapeHtml } from '../../articles/index.js';
import { type Html, html, raw } from './html.js';
import { PAGE_CSS } from './style.js';

export { escapeHtml };

export interface Page {
  title: string;
  /** `<link>`s and the like for the head (autodiscovery). */
  head?: Html;
  body: Html;
  language: string;
  siteName: string;
  /** The home page's wide grid; other pages keep a reading column. */
  wide?: boolean;
  /** A meta description for search results and link previews. */
  description?: string;
}

/** The shell every page shares: the masthead with its way to subscribe, and the footer. */
export function layout(page: Page): string {
  return `<!doctype html>\n${html`<html lang="${page.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${page.title}</title>
${page.description ? html`<meta name="description" content="${page.description}">\n` : ''}<style>${raw(PAGE_CSS)}</style>
${page.head}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<a class="brand" href="/">${page.siteName}</a>
<nav aria-label="Site"><ul><li><a href="/#latest">Latest</a></li><li><a href="/#feeds">Feeds</a></li><li><a class="button" href="/subscribe">Subscribe</a></li></ul></nav>
</header>
<main id="main"${page.wide ? raw(' class="wide"') : ''}>
${page.body}
</main>
<footer>
<ul><li><a href="/subscribe">Subscribe by email</a></li><li><a href="/manage">Manage your subscription</a></li><li><a href="/feeds.opml">All feeds (OPML)</a></li></ul>
<p>${page.siteName}</p>
</footer>
</body>
</html>
`}`;
}

export interface PageOptions {
  title: string;
  /** Trusted HTML: every value in it is already escaped. */
  body: string;
  siteName: string;
  language: string;
}

/** A page around a body of trusted HTML, titled "title · site". */
export function page({ title, body, siteName, language }: PageOptions): string {
  return layout({ title: `${title} · ${siteName}`, body: raw(body), siteName, language });
}

/**
 * A short message page, as a card: what happened (the heading and paragraphs of trusted HTML)
 * and, when given, what comes next as numbered steps, and a note under them.
 */
export function messagePage(
  site: { siteName: string; language: string },
  title: string,
  paragraphs: string[],
  next: { heading?: string; steps: string[]; note?: string } = { steps: [] },
): string {
  const steps =
    (next.steps.length > 0
      ? `<h2>${escapeHtml(next.heading ?? 'What happens next')}</h2>\n<ol>${next.steps.map((step) => `<li>${step}</li>`).join('')}</ol>`
      : '') + (next.note ? `\n<p class="hint">${next.note}</p>` : '');
  const body = `<div class="message">\n<h1>${escapeHtml(title)}</h1>\n${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}\n${steps}\n</div>`;
  return page({ ...site, title, body });
}

/** Problems with what was sent, announced to screen readers as they appear. */
export function problemList(problems: readonly string[]): string {
  if (problems.length === 0) return '';
  const items = problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('');
  return `<div class="problems" role="alert" id="problems"><p>Please check:</p><ul>${items}</ul></div>`;
}
