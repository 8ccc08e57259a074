import { type Html, html } from './html.js';

/** One stylesheet for every page: readable on a phone, no web fonts, no script. */
const CSS = `
:root { color-scheme: light dark; --fg: #1a1a1a; --muted: #555; --bg: #fff; --line: #ddd; --link: #0645ad; }
@media (prefers-color-scheme: dark) { :root { --fg: #eee; --muted: #aaa; --bg: #111; --line: #333; --link: #8ab4f8; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 1.125rem/1.6 system-ui, sans-serif; }
a { color: var(--link); }
a:focus-visible { outline: 3px solid currentColor; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; }
header, main, footer { max-width: 42rem; margin: 0 auto; padding: 1rem; }
header { border-bottom: 1px solid var(--line); }
header a { font-weight: 700; text-decoration: none; font-size: 1.25rem; }
footer { border-top: 1px solid var(--line); color: var(--muted); font-size: .9rem; }
h1 { line-height: 1.25; font-size: 1.8rem; }
h2 { line-height: 1.3; font-size: 1.3rem; margin-top: 2rem; }
.meta { color: var(--muted); font-size: .95rem; }
ul.feeds { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
ul.articles { padding-left: 1.2rem; }
aside { margin-top: 2.5rem; border-top: 1px solid var(--line); }
aside h2 { font-size: 1.1rem; }
`;

export interface Page {
  title: string;
  /** `<link>`s and the like for the head (autodiscovery). */
  head?: Html;
  body: Html;
  language: string;
  siteName: string;
}

/** The shell every page shares; later pages (subscribe, preferences) use it too. */
export function layout(page: Page): string {
  return `<!doctype html>\n${html`<html lang="${page.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<style>${CSS}</style>
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
