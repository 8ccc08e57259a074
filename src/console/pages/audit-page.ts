import type { Hono } from 'hono';
import { type Html, html } from '../../http/pages/html.js';
import type { AuditFilter, AuditRow } from '../../store/index.js';
import { type ConsoleContext, page } from './guard.js';
import { consolePage, when } from './view.js';

const PAGE_SIZE = 50;
const MAX_FILTER_LENGTH = 200;

type Outcome = NonNullable<AuditFilter['outcome']>;
const OUTCOMES: { value: Outcome; label: string }[] = [
  { value: 'success', label: 'success (2xx, 3xx)' },
  { value: 'refused', label: 'refused (4xx, 5xx)' },
];

/** The filters a page of the log was asked for, as read from (and written back to) its URL. */
interface AuditQuery {
  actor: string | undefined;
  action: string | undefined;
  outcome: Outcome | undefined;
  before: { at: number; id: number } | undefined;
}

/** `/console/audit`: what operators did, through the console and the admin API, newest first. */
export function auditPage(app: Hono, ctx: ConsoleContext): void {
  const { services, config } = ctx;

  app.get(
    '/console/audit',
    page(ctx, async (c, session) => {
      const query: AuditQuery = {
        actor: text(c.req.query('actor')),
        action: text(c.req.query('action')),
        outcome: OUTCOMES.find((o) => o.value === c.req.query('outcome'))?.value,
        before: cursorOf(c.req.query('before')),
      };
      // One row more than shown: whether there is an older page, without counting the table.
      const rows = await services.audit.page({ ...query, limit: PAGE_SIZE + 1 });
      const shown = rows.slice(0, PAGE_SIZE);
      const last = shown.at(-1);
      const older = rows.length > PAGE_SIZE && last ? { at: last.at.getTime(), id: last.id } : null;
      const tz = config.timezone;
      const body = html`${filterForm(query)}
<div class="scroll"><table class="audit" id="audit"><caption>${caption(query, tz)}</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col" class="n">Status</th><th scope="col">Client address</th><th scope="col">Browser</th><th scope="col">Detail</th></tr></thead>
<tbody>${shown.length === 0 ? html`<tr><td colspan="8">No entries.</td></tr>` : shown.map((row) => entryRow(row, query, tz))}</tbody>
</table></div>
<p class="actions">${query.before ? html`<a href="${link({ ...query, before: undefined })}">Newest entries</a>` : ''}${older ? html`<a rel="next" href="${link({ ...query, before: older })}">Older ${PAGE_SIZE}</a>` : ''}</p>`;
      return c.html(consolePage({ config, csrf: session.csrf }, 'Audit log', body));
    }),
  );
}

function filterForm(query: AuditQuery): Html {
  return html`<form method="get" action="/console/audit">
<label for="actor">Actor</label><input type="text" id="actor" name="actor" value="${query.actor ?? ''}" aria-describedby="actor-hint">
<p class="hint" id="actor-hint">Exactly as shown: <code>console</code>, or an admin API token's <code>name (token …)</code>.</p>
<label for="action">Action</label><input type="text" id="action" name="action" value="${query.action ?? ''}" aria-describedby="action-hint">
<p class="hint" id="action-hint">Exactly as shown, such as <code>subscribers.import</code> or <code>console.sign-in</code>.</p>
<label for="outcome">Status</label><select id="outcome" name="outcome"><option value="">any</option>${OUTCOMES.map((o) => html`<option value="${o.value}"${o.value === query.outcome ? html` selected` : ''}>${o.label}</option>`)}</select>
<button type="submit">Filter</button>
</form>`;
}

function caption(query: AuditQuery, tz: string): string {
  const parts = ['Audit log, newest first'];
  if (query.actor) parts.push(`actor ${query.actor}`);
  if (query.action) parts.push(`action ${query.action}`);
  if (query.outcome) parts.push(OUTCOMES.find((o) => o.value === query.outcome)?.label ?? '');
  if (query.before) parts.push(`older than ${when(new Date(query.before.at), tz)}`);
  return parts.join(', ');
}

function entryRow(row: AuditRow, query: AuditQuery, tz: string): Html {
  // Actor and action link to the log filtered by them: no typing needed to follow one thread.
  const byActor = link({ ...query, actor: row.actor, before: undefined });
  const byAction = link({ ...query, action: row.action, before: undefined });
  return html`<tr><td class="when"><time datetime="${row.at.toISOString()}">${when(row.at, tz)}</time></td><td><a href="${byActor}">${row.actor}</a></td><td><a href="${byAction}">${row.action}</a></td><td>${row.target ?? ''}</td><td class="n">${row.status}${(row.repeats ?? 1) > 1 ? ` ×${row.repeats}` : ''}</td><td>${row.ip ?? ''}</td><td class="ua">${row.userAgent ?? ''}</td><td class="detail">${detailList(row.detail)}</td></tr>`;
}

/** The detail as a list of its fields: a list of plain values reads as one, anything else as JSON. */
function detailList(detail: Record<string, unknown> | null): Html | string {
  const entries = Object.entries(detail ?? {});
  if (entries.length === 0) return '';
  return html`<dl class="detail">${entries.map(([key, value]) => html`<dt>${key}</dt><dd>${readable(value)}</dd>`)}</dl>`;
}

function readable(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) {
    return value.length === 0 ? '(none)' : value.map(String).join(', ');
  }
  return JSON.stringify(value) ?? String(value);
}

function link(query: AuditQuery): string {
  const params = new URLSearchParams();
  if (query.actor) params.set('actor', query.actor);
  if (query.action) params.set('action', query.action);
  if (query.outcome) params.set('outcome', query.outcome);
  if (query.before) params.set('before', `${query.before.at}.${query.before.id}`);
  const search = params.toString();
  return search ? `/console/audit?${search}` : '/console/audit';
}

/** `AT.ID`: the last entry of the page before. Anything else shows the newest entries. */
function cursorOf(value: string | undefined): AuditQuery['before'] {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(value ?? '');
  return match ? { at: Number(match[1]), id: Number(match[2]) } : undefined;
}

function text(value: string | undefined): string | undefined {
  return value?.trim().slice(0, MAX_FILTER_LENGTH) || undefined;
}
