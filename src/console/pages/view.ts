import type { Config } from '../../config.js';
import { type Html, html, raw } from '../../http/pages/html.js';
import { layout } from '../../http/pages/layout.js';

/**
 * What the console adds to the public stylesheet: a wider column for tables and charts, the
 * navigation, and the progress bar. Same colours and focus rules as every other page.
 */
const CONSOLE_CSS = `
header,main,footer{max-width:64rem}
nav.console ul{list-style:none;padding:0;margin:.5rem 0 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
nav.console form{display:inline;margin:0}
nav.console button{padding:.25rem .75rem;min-height:2rem;font-weight:600}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.75rem;margin:1rem 0}
.card{border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem}
.card b{display:block;font-size:1.5rem}
svg.chart{width:100%;height:auto;max-width:40rem;color:var(--fg)}
svg.chart text{fill:currentColor;font:12px system-ui,sans-serif}
progress{width:100%;height:1.5rem}
.preview{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
.preview iframe{border:1px solid var(--line);background:#fff;height:36rem;max-width:100%}
.preview pre{white-space:pre-wrap;max-height:36rem;overflow:auto;border:1px solid var(--line);padding:.5rem;flex:1 1 18rem}
.status{font-weight:700}
/* The audit log keeps words whole and scrolls sideways in its box: breaking anywhere, as the
   pages do, would squeeze each column to a letter. Only the browser and the detail wrap. */
table.audit{overflow-wrap:normal}
table.audit caption{text-align:left}
table.audit td.when,table.audit td.n{white-space:nowrap}
table.audit td.ua{min-width:9rem;overflow-wrap:anywhere}
table.audit td.detail{min-width:12rem;overflow-wrap:anywhere}
dl.detail{margin:0;display:grid;grid-template-columns:max-content minmax(0,1fr);gap:0 .5rem}
dl.detail dt{font-weight:600}
dl.detail dd{margin:0}
`.trim();

export interface ConsoleView {
  config: Config;
  /** Present once signed in: the navigation and the sign-out form need it. */
  csrf?: string | undefined;
}

/** A console page: the public layout with the console's navigation above the content. */
export function consolePage(view: ConsoleView, title: string, body: Html, head?: Html): string {
  const nav = view.csrf
    ? html`<nav class="console" aria-label="Console">
<ul>
<li><a href="/console/">Dashboard</a></li>
<li><a href="/console/runs">Runs</a></li>
<li><a href="/console/send">Send</a></li>
<li><a href="/console/subscribers">Subscribers</a></li>
<li><a href="/console/articles">Articles and feeds</a></li>
<li><a href="/console/audit">Audit log</a></li>
<li><form method="post" action="/console/logout">${csrfField(view.csrf)}<button type="submit" class="secondary">Sign out</button></form></li>
<li><form method="post" action="/console/logout-everywhere">${csrfField(view.csrf)}<button type="submit" class="secondary">Sign out everywhere</button></form></li>
</ul>
</nav>`
    : '';
  return layout({
    title: `${title} · Console · ${view.config.siteName}`,
    head: html`<style>${raw(CONSOLE_CSS)}</style>${head}`,
    body: html`${nav}<h1>${title}</h1>
${body}`,
    language: view.config.language,
    siteName: view.config.siteName,
  });
}

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="csrf" value="${token}">`;
}

/** An instant in the operator's zone, to the minute. */
export function when(date: Date | null | undefined, timeZone: string): string {
  if (!date) return '';
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}
