import { escapeHtml } from '../../articles/index.js';

export { escapeHtml };

export interface PageOptions {
  title: string;
  /** Trusted HTML: every value in it is already escaped. */
  body: string;
  siteName: string;
  language: string;
}

/**
 * A whole page around `body`: one column, system fonts, no scripts, no external requests. The
 * colours keep a contrast of at least 4.5:1; focus is always visible; nothing is wider than a
 * 320 px phone.
 */
export function page({ title, body, siteName, language }: PageOptions): string {
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · ${escapeHtml(siteName)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="site"><a href="/">${escapeHtml(siteName)}</a></header>
<main id="main">
${body}
</main>
</body>
</html>
`;
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

const STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff;overflow-wrap:anywhere}
header.site{padding:.75rem 1rem;border-bottom:1px solid #d4d4d8}
header.site a{color:#1a1a1a;font-weight:700;text-decoration:none}
main{max-width:36rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
a{color:#0b57d0}
form{margin:1rem 0}
fieldset{border:1px solid #d4d4d8;border-radius:6px;margin:0 0 1rem;padding:.5rem 1rem 1rem;min-width:0}
legend{font-weight:600;padding:0 .25rem}
label{display:block;font-weight:600;margin:0 0 .25rem}
fieldset label{display:flex;gap:.5rem;align-items:center;font-weight:400;margin:.5rem 0;min-height:1.75rem}
.hint{color:#3f3f46;font-size:.9rem;margin:.25rem 0 .5rem}
input[type=email]{display:block;width:100%;font:inherit;padding:.625rem .75rem;border:1px solid #71717a;border-radius:6px;margin:0 0 1rem}
input[type=checkbox],input[type=radio]{width:1.25rem;height:1.25rem;margin:0;flex:none;accent-color:#0b57d0}
button{font:inherit;font-weight:700;padding:.75rem 1.25rem;border:2px solid #0b57d0;border-radius:6px;background:#0b57d0;color:#fff;cursor:pointer;min-height:2.75rem}
button.secondary{background:#fff;color:#a1170f;border-color:#a1170f}
:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
.problems{border:2px solid #a1170f;border-radius:6px;padding:.5rem 1rem;margin:0 0 1rem;color:#a1170f}
.problems p{margin:.25rem 0;font-weight:700}
.notice{border-left:4px solid #0b57d0;padding:.25rem .75rem;background:#eef3fd}
.actions{display:flex;flex-wrap:wrap;gap:.75rem}
`.trim();
