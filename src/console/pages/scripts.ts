import { createHash } from 'node:crypto';
import { type Html, html, raw } from '../../http/pages/html.js';

/**
 * The console's only scripts, each a constant so that the console's CSP can allow exactly them by
 * hash and nothing else (no `'unsafe-inline'`): what differs per page (which run, which import)
 * is read from the script element's own `data-` attribute.
 */

/** The run page's bar follows the run's event stream; without it, a reload shows the same. */
const RUN_FOLLOW = `
(() => {
  const source = new EventSource(document.currentScript.dataset.events);
  source.addEventListener('progress', (event) => {
    const p = JSON.parse(event.data);
    const bar = document.getElementById('run-progress');
    bar.max = Math.max(p.total, 1);
    bar.value = p.total > 0 ? p.done : (p.finished ? 1 : 0);
    const percent = p.total > 0 ? Math.round(p.done / p.total * 100) : (p.finished ? 100 : 0);
    document.getElementById('run-percent').textContent = String(percent);
    bar.textContent = percent + ' %';
    document.getElementById('run-status').textContent = p.statusText;
    for (const cell of document.querySelectorAll('[data-count]')) {
      cell.textContent = String(p[cell.dataset.count] ?? 0);
    }
    if (p.finished) source.close();
  });
})();
`;

/** The import page's bar follows the import; once it is over, the page reloads once. */
const IMPORT_FOLLOW = `
(() => {
  const url = document.currentScript.dataset.follow;
  const follow = async () => {
    const job = await (await fetch(url, { credentials: 'same-origin' })).json();
    const bar = document.getElementById('import-progress');
    bar.max = Math.max(job.total, 1);
    bar.value = job.done;
    document.getElementById('import-done').textContent = String(job.done);
    document.getElementById('import-total').textContent = String(job.total || '…');
    if (job.status === 'running') setTimeout(follow, 1000);
    else location.reload();
  };
  setTimeout(follow, 1000);
})();
`;

const hashOf = (script: string) =>
  `'sha256-${createHash('sha256').update(script).digest('base64')}'`;

/** The console's CSP: its scripts by hash; the digest preview frames load https images. */
export const CONSOLE_POLICY = `default-src 'none'; script-src ${hashOf(RUN_FOLLOW)} ${hashOf(IMPORT_FOLLOW)}; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data: https:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

/** The run page's live bar, following `/console/runs/{id}/events`. */
export function runFollowScript(id: string): Html {
  const events = `/console/runs/${encodeURIComponent(id)}/events`;
  return html`<script data-events="${events}">${raw(RUN_FOLLOW)}</script>`;
}

/** The import page's bar, polling the import's JSON. */
export function importFollowScript(id: string): Html {
  const follow = `/console/subscribers/imports/${encodeURIComponent(id)}?format=json`;
  return html`<script data-follow="${follow}">${raw(IMPORT_FOLLOW)}</script>`;
}
