import { escapeHtml } from '../../articles/index.js';
import { type Html, html, raw } from './html.js';

export { escapeHtml };

/**
 * One stylesheet and one shell for every page: one column, system fonts, no script, no external
 * request. Colours keep a contrast of at least 4.5:1 in light and dark schemes; focus is always
 * visible; nothing is wider than a 320 px phone.
 */
const CSS = `
:root{color-scheme:light dark;--fg:#1a1a1a;--muted:#3f3f46;--bg:#fff;--line:#d4d4d8;--link:#0b57d0;--accent:#0b57d0;--on-accent:#fff;--danger:#a1170f;--notice:#eef3fd}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--muted:#b4b4bb;--bg:#111;--line:#3f3f46;--link:#8ab4f8;--accent:#8ab4f8;--on-accent:#111;--danger:#ff8a80;--notice:#1b2433}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:anywhere}
a{color:var(--link)}
:focus-visible{outline:3px solid currentColor;outline-offset:2px}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
header,main,footer{max-width:42rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid var(--line)}
header a{font-weight:700;text-decoration:none;font-size:1.25rem;color:var(--fg)}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
h1{line-height:1.25;font-size:1.75rem;margin:.5rem 0 1rem}
h2{line-height:1.3;font-size:1.3rem;margin-top:2rem}
.meta,.hint{color:var(--muted);font-size:.95rem}
ul.feeds{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
ul.articles{padding-left:1.2rem}
aside{margin-top:2.5rem;border-top:1px solid var(--line)}
aside h2{font-size:1.1rem}
form{margin:1rem 0}
fieldset{border:1px solid var(--line);border-radius:6px;margin:0 0 1rem;padding:.5rem 1rem 1rem;min-width:0}
legend{font-weight:600;padding:0 .25rem}
label{display:block;font-weight:600;margin:0 0 .25rem}
fieldset label{display:flex;gap:.5rem;align-items:center;font-weight:400;margin:.5rem 0;min-height:1.75rem}
input[type=email],input[type=password],input[type=text],input[type=search],select{display:block;width:100%;font:inherit;padding:.625rem .75rem;border:1px solid var(--muted);border-radius:6px;margin:0 0 1rem;background:var(--bg);color:var(--fg)}
input[type=checkbox],input[type=radio]{width:1.25rem;height:1.25rem;margin:0;flex:none;accent-color:var(--accent)}
button{font:inherit;font-weight:700;padding:.75rem 1.25rem;border:2px solid var(--accent);border-radius:6px;background:var(--accent);color:var(--on-accent);cursor:pointer;min-height:2.75rem}
button.secondary{background:var(--bg);color:var(--danger);border-color:var(--danger)}
.problems{border:2px solid var(--danger);border-radius:6px;padding:.5rem 1rem;margin:0 0 1rem;color:var(--danger)}
.problems p{margin:.25rem 0;font-weight:700}
.notice{border-left:4px solid var(--accent);padding:.25rem .75rem;background:var(--notice)}
.actions{display:flex;flex-wrap:wrap;gap:.75rem}
`.trim();

export interface Page {
  title: string;
  /** `<link>`s and the like for the head (autodiscovery). */
  head?: Html;
  body: Html;
  language: string;
  siteName: string;
}

/** The shell every page shares. */
export function layout(page: Page): string {
  return `<!doctype html>\n${html`<html lang="${page.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${page.title}</title>
<style>${raw(CSS)}</style>
${page.head}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><a href="/">${page.siteName}</a></header>
<main id="main">
${page.body}
</main>
<footer><a href="/feeds.opml">All feeds (OPML)</a></footer>
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

/** A short message page: a heading and paragraphs of trusted HTML. */
export function messagePage(
  site: { siteName: string; language: string },
  title: string,
  paragraphs: string[],
): string {
  const body = `<h1>${escapeHtml(title)}</h1>\n${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}`;
  return page({ ...site, title, body });
}

/** Problems with what was sent, announced to screen readers as they appear. */
export function problemList(problems: readonly string[]): string {
  if (problems.length === 0) return '';
  const items = problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('');
  return `<div class="problems" role="alert" id="problems"><p>Please check:</p><ul>${items}</ul></div>`;
}
