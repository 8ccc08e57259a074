import type { Context, Hono } from 'hono';
import type { SiteState } from '../../http/index.js';
import { html } from '../../http/pages/html.js';
import { clientAddress, userAgent } from '../../http/request.js';
import type { SubscriberStatus } from '../../store/index.js';
import { exportCsv, type ImportLine, importSubscribers } from '../../subscribers/index.js';
import type { ImportOrigin } from '../index.js';
import { csvSource, limitCsvUpload, MAX_CSV_BYTES, readUploadForm } from './csv-upload.js';
import { action, type ConsoleContext, field, page } from './guard.js';
import { importFollowScript } from './scripts.js';
import type { Session } from './session.js';
import { consolePage, csrfField, when } from './view.js';

const PAGE_SIZE = 50;
const STATUSES: SubscriberStatus[] = [
  'pending',
  'confirmed',
  'unsubscribed',
  'bounced',
  'complained',
];

/** Search, filter and page (keyset on email), one subscriber, export, erase, import. */
export function subscribersPages(app: Hono, ctx: ConsoleContext, site: SiteState): void {
  const { services, config } = ctx;
  const tz = config.timezone;

  app.get(
    '/console/subscribers',
    page(ctx, async (c, session) => {
      const q = c.req.query('q')?.trim() || undefined;
      const statusText = c.req.query('status');
      const status = STATUSES.find((s) => s === statusText);
      const category = c.req.query('category') || undefined;
      const after = c.req.query('after') || undefined;
      const rows = await services.queries.subscribersPage({
        query: q,
        status,
        category,
        after,
        limit: PAGE_SIZE + 1,
      });
      const more = rows.length > PAGE_SIZE;
      const shown = rows.slice(0, PAGE_SIZE);
      const next = new URLSearchParams({
        ...(q ? { q } : {}),
        ...(status ? { status } : {}),
        ...(category ? { category } : {}),
        after: shown.at(-1)?.email ?? '',
      });
      const categories = site.published().categories;
      const body = html`<form method="get" action="/console/subscribers">
<label for="q">Search addresses</label><input type="search" id="q" name="q" value="${q ?? ''}">
<label for="status">Status</label><select id="status" name="status"><option value="">any</option>${STATUSES.map((s) => html`<option${s === status ? html` selected` : ''}>${s}</option>`)}</select>
<label for="category">Category</label><select id="category" name="category"><option value="">any</option>${categories.map((cat) => html`<option value="${cat.slug}"${cat.slug === category ? html` selected` : ''}>${cat.name}</option>`)}</select>
<button type="submit">Filter</button>
</form>
<p><a href="/console/subscribers/export.csv">Export every subscriber (CSV)</a> · <a href="/console/subscribers/import">Import from CSV</a></p>
<div class="scroll"><table><caption>Subscribers by address${after ? `, after ${after}` : ''}</caption>
<thead><tr><th scope="col">Address</th><th scope="col">Status</th><th scope="col">Frequency</th><th scope="col">Categories</th><th scope="col">Added</th></tr></thead>
<tbody>${shown.length === 0 ? html`<tr><td colspan="5">None.</td></tr>` : shown.map((s) => html`<tr><td><a href="/console/subscribers/${s.id}">${s.email}</a></td><td>${s.status}</td><td>${s.frequency}</td><td>${s.categories.join(', ') || 'all'}</td><td>${when(s.createdAt, tz)}</td></tr>`)}</tbody>
</table></div>
${more ? html`<p><a rel="next" href="/console/subscribers?${next.toString()}">Next ${PAGE_SIZE}</a></p>` : ''}`;
      return c.html(consolePage({ config, csrf: session.csrf }, 'Subscribers', body));
    }),
  );

  app.get(
    '/console/subscribers/export.csv',
    page(ctx, async (c) => {
      const all = await services.subscriptions.list();
      c.header('Content-Disposition', 'attachment; filename="subscribers.csv"');
      return c.body(exportCsv(all), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    }),
  );

  app.get(
    '/console/subscribers/import',
    page(ctx, (c, session) =>
      c.html(
        consolePage({ config, csrf: session.csrf }, 'Import subscribers', importForm(session.csrf)),
      ),
    ),
  );

  const importPage = (c: Context, session: Session, problem: string, status: 400 | 413 | 415) =>
    c.html(
      consolePage(
        { config, csrf: session.csrf },
        'Import subscribers',
        html`<div class="problems" role="alert"><p>Nothing was imported: ${problem}.</p></div>
${importForm(session.csrf)}`,
      ),
      status,
    );
  app.post(
    '/console/subscribers/import',
    // The size limit comes first: a body over it is refused before it is read.
    limitCsvUpload(ctx, 'subscribers.import', (c, session, reason) =>
      importPage(c, session, reason, 413),
    ),
    action(
      ctx,
      'subscribers.import',
      async (c, session, fields) => {
        const confirmed = field(fields, 'confirmed') === 'yes';
        const source = await csvSource(fields);
        if (!source.ok) {
          return {
            response: importPage(c, session, source.reason, source.status),
            detail: { reason: source.reason, ...originDetail(source.origin), confirmed },
          };
        }
        const known = site.current().categories.map((cat) => cat.slug);
        // Each new subscriber waits on a confirmation email: a long list works in the
        // background, and the browser follows it on its own page.
        const lines = source.text.split('\n').filter((line) => line.trim() !== '').length - 1;
        if (!confirmed && lines > BACKGROUND_ROWS) {
          const job = services.imports.start(source.text, known, {
            confirmed,
            origin: source.origin,
            ip: clientAddress(c),
            userAgent: userAgent(c),
          });
          return {
            response: c.redirect(`/console/subscribers/imports/${job.id}`, 303),
            target: job.id,
            detail: { rows: lines, background: true, confirmed, ...originDetail(source.origin) },
          };
        }
        const report = await importSubscribers(services.subscriptions, source.text, known, {
          confirmed,
          clock: services.clock,
        });
        const rows = report.lines.length;
        const from = source.origin.kind === 'file' ? html` from ${source.origin.name}` : '';
        const body = html`<p role="status">Added ${report.added} of ${rows} rows${from}.</p>
${reportTable(report.lines)}
${importForm(session.csrf)}`;
        return {
          response: c.html(consolePage({ config, csrf: session.csrf }, 'Import report', body)),
          // Counts and where the rows came from; never the rows (addresses) themselves.
          detail: {
            rows,
            added: report.added,
            existing: report.existing,
            refused: report.refused,
            confirmed,
            ...originDetail(source.origin),
          },
        };
      },
      readUploadForm,
    ),
  );

  app.get(
    '/console/subscribers/imports/:id',
    page(ctx, (c, session) => {
      const job = services.imports.get(c.req.param('id') ?? '');
      if (!job) return c.notFound();
      if (c.req.query('format') === 'json')
        return c.json({ status: job.status, done: job.done, total: job.total });
      const from = job.origin.kind === 'file' ? html` from ${job.origin.name}` : '';
      const report = job.report;
      const body =
        job.status === 'running'
          ? html`<p role="status" id="import-status">Importing${from}: <span id="import-done">${job.done}</span> of <span id="import-total">${job.total || '…'}</span> rows; each new subscriber gets a confirmation email. This page follows it (or reload it).</p>
<progress id="import-progress" max="${Math.max(job.total, 1)}" value="${job.done}" aria-labelledby="import-status">${job.done}</progress>
${importFollowScript(job.id)}`
          : report
            ? html`<p role="status">Added ${report.added} of ${report.lines.length} rows${from}.</p>
${reportTable(report.lines)}
${importForm(session.csrf)}`
            : html`<div class="problems" role="alert"><p>The import stopped: ${job.error ?? 'unknown error'}. The rows before it were added; import the file again to add the rest.</p></div>`;
      return c.html(consolePage({ config, csrf: session.csrf }, 'Import report', body));
    }),
  );

  app.get(
    '/console/subscribers/:id',
    page(ctx, async (c, session) => {
      const s = await services.subscribers.findById(c.req.param('id') ?? '');
      if (!s) return c.notFound();
      const history = await services.queries.deliveriesOf(s.id, 50);
      const facts: [string, string | null][] = [
        ['Status', s.status],
        ['Frequency', s.frequency],
        ['Categories', s.categories.join(', ') || 'all'],
        ['Added', when(s.createdAt, tz)],
        ['Subscribed', when(s.subscribedAt, tz)],
        ['Subscribed through', s.subscribedSource],
        ['Subscribed from (IP)', s.subscribedIp],
        ['Subscribed with (browser)', s.subscribedUserAgent],
        ['Confirmed', when(s.confirmedAt, tz)],
        ['Confirmed from (IP)', s.confirmedIp],
        ['Confirmed with (browser)', s.confirmedUserAgent],
        ['Unsubscribed', when(s.unsubscribedAt, tz)],
        ['Bounced', s.bouncedAt ? `${when(s.bouncedAt, tz)}: ${s.bounceReason ?? ''}` : ''],
        [
          'Complained (reported as spam)',
          s.complainedAt ? `${when(s.complainedAt, tz)}, through ${s.complaintSource ?? '?'}` : '',
        ],
      ];
      const body = html`<h2>Consent evidence</h2>
<div class="scroll"><table><tbody>${facts.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v || '–'}</td></tr>`)}</tbody></table></div>
<h2>What they were sent</h2>
${
  history.length === 0
    ? html`<p>Nothing yet.</p>`
    : html`<div class="scroll"><table><thead><tr><th scope="col">Run</th><th scope="col">Status</th><th scope="col">Sent</th><th scope="col" class="n">Articles</th><th scope="col">Error</th></tr></thead>
<tbody>${history.map((h) => html`<tr><td><a href="/console/runs/${h.runId}">${h.runId}</a></td><td>${h.status}</td><td>${when(h.sentAt, tz)}</td><td class="n">${h.articles}</td><td>${h.error ?? ''}</td></tr>`)}</tbody></table></div>`
}
<h2>Data</h2>
<p class="actions"><a href="/console/subscribers/${s.id}/export.csv">Export (CSV)</a> <a href="/console/subscribers/${s.id}/erase">Erase…</a></p>`;
      return c.html(consolePage({ config, csrf: session.csrf }, s.email, body));
    }),
  );

  app.get(
    '/console/subscribers/:id/export.csv',
    page(ctx, async (c) => {
      const s = await services.subscribers.findById(c.req.param('id') ?? '');
      if (!s) return c.notFound();
      c.header('Content-Disposition', 'attachment; filename="subscriber.csv"');
      return c.body(exportCsv([s]), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    }),
  );

  app.get(
    '/console/subscribers/:id/erase',
    page(ctx, async (c, session) => {
      const s = await services.subscribers.findById(c.req.param('id') ?? '');
      if (!s) return c.notFound();
      const body = html`<p>Everything held about ${s.email} is deleted (right to erasure). This cannot be undone.</p>
<form method="post" action="/console/subscribers/${s.id}/erase">${csrfField(session.csrf)}
<p class="actions"><button type="submit" class="secondary">Erase ${s.email}</button> <a href="/console/subscribers/${s.id}">Go back</a></p></form>`;
      return c.html(consolePage({ config, csrf: session.csrf }, 'Erase?', body));
    }),
  );

  app.post(
    '/console/subscribers/:id/erase',
    action(ctx, 'subscribers.erase', async (c) => {
      const id = c.req.param('id') ?? '';
      const s = await services.subscribers.findById(id);
      // The audit row keeps the id only: the address is what was erased.
      if (!s) return { response: c.text('Not found\n', 404), target: id };
      await services.subscriptions.remove(s.email);
      return { response: c.redirect('/console/subscribers?erased=1', 303), target: id };
    }),
  );
}

/** Rows past this many, unconfirmed, are imported in the background (see `ImportRegistry`). */
const BACKGROUND_ROWS = 200;

function reportTable(lines: readonly ImportLine[]) {
  return html`<div class="scroll"><table id="import-report"><caption>Each row</caption><thead><tr><th scope="col" class="n">Line</th><th scope="col">Address</th><th scope="col">Result</th></tr></thead>
<tbody>${lines.map((r) => html`<tr><td class="n">${r.line}</td><td>${r.email ?? ''}</td><td>${lineResult(r)}</td></tr>`)}</tbody></table></div>`;
}

function importForm(csrf: string) {
  return html`<form method="post" action="/console/subscribers/import" enctype="multipart/form-data">${csrfField(csrf)}
<p>CSV with a header row <code>email,categories,frequency</code>, UTF-8, at most ${MAX_CSV_BYTES / (1024 * 1024)} MiB: choose a file or paste the text.</p>
<label for="file">CSV file</label>
<input type="file" id="file" name="file" accept=".csv,text/csv" style="display:block;max-width:100%;font:inherit;margin:0 0 1rem">
<label for="csv">Or paste CSV</label>
<textarea id="csv" name="csv" rows="8" style="width:100%;font:inherit"></textarea>
<fieldset><legend>Consent</legend><label><input type="checkbox" name="confirmed" value="yes"> Already confirmed: I hold the evidence of their consent</label></fieldset>
<button type="submit">Import</button>
</form>`;
}

function lineResult(line: ImportLine): string {
  if (line.outcome === 'added') return 'added';
  if (line.outcome === 'exists') return `already ${line.status}; left as it is`;
  return line.reason;
}

function originDetail(origin: ImportOrigin | null) {
  if (!origin) return {};
  return origin.kind === 'file'
    ? { source: 'file', file: origin.name, bytes: origin.bytes }
    : { source: 'paste' };
}
