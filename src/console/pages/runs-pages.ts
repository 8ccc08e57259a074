import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { html, raw } from '../../http/pages/html.js';
import { RUN_ACTIONS, type RunAction } from '../../send/index.js';
import type { Progress } from '../index.js';
import { action, type ConsoleContext, page, sessionStillOpen } from './guard.js';
import { runFollowScript } from './scripts.js';
import { consolePage, csrfField, when } from './view.js';

const ACTIONS: Record<RunAction, { label: string; explain: string }> = {
  pause: {
    label: 'Pause',
    explain:
      'Every worker stops sending it within a second or two, on every server (messages already handed to SMTP finish). It stays unfinished, and no scheduled run of its frequency is sent, until it is resumed or cancelled.',
  },
  resume: {
    label: 'Resume',
    explain: 'This server sends what is still pending (other servers may join in).',
  },
  cancel: {
    label: 'Cancel',
    explain: 'Nothing still pending will be sent, now or later. This cannot be undone.',
  },
  retry: {
    label: 'Retry failed',
    explain: 'Failed deliveries are sent again, with the same Message-IDs.',
  },
};

/** Progress is sent every 250 ms; its session is asked again every second. */
const SESSION_CHECK_TICKS = 4;

/** The runs list, one run's page (live through Server-Sent Events), and its four buttons. */
export function runsPages(app: Hono, ctx: ConsoleContext): void {
  const { services } = ctx;
  const tz = ctx.config.timezone;

  app.get(
    '/console/runs',
    page(ctx, async (c, session) => {
      const store = await services.deliveries();
      const runs = await store.listRuns(100);
      const dry = services.runs.dryRuns();
      // Dry runs live in this process and real ones in the store: one list, newest first.
      const rows = [
        ...dry.map((d) => ({
          at: d.startedAt,
          row: html`<tr><td><a href="/console/runs/${d.id}">${d.id}</a></td><td>dry run (${d.choice.frequency})</td><td>${d.status}</td><td class="n">${d.planned}</td><td class="n">0</td><td class="n">0</td><td>${when(d.startedAt, tz)}</td></tr>`,
        })),
        ...runs.map((r) => ({
          at: r.createdAt,
          row: html`<tr><td><a href="/console/runs/${r.id}">${r.id}</a></td><td>${r.kind} (${r.frequency})</td><td>${r.pausedAt ? `${r.status}, paused` : r.status}</td><td class="n">${r.planned}</td><td class="n">${r.sent}</td><td class="n">${r.failed}</td><td>${when(r.createdAt, tz)}</td></tr>`,
        })),
      ]
        .sort((a, b) => b.at.getTime() - a.at.getTime())
        .map(({ row }) => row);
      const body = html`<p><a href="/console/send">Start a send</a></p>
<div class="scroll"><table><caption>Send runs, newest first</caption>
<thead><tr><th scope="col">Run</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col" class="n">Planned</th><th scope="col" class="n">Sent</th><th scope="col" class="n">Failed</th><th scope="col">Planned at</th></tr></thead>
<tbody>${rows.length > 0 ? rows : html`<tr><td colspan="7">No runs yet.</td></tr>`}</tbody></table></div>`;
      return c.html(consolePage({ config: ctx.config, csrf: session.csrf }, 'Runs', body));
    }),
  );

  app.get(
    '/console/runs/:id',
    page(ctx, async (c, session) => {
      const id = c.req.param('id') ?? '';
      const progress = await services.runs.progress(id);
      if (!progress) return c.notFound();
      const store = await services.deliveries();
      const run = progress.dryRun ? undefined : await store.getRun(id);
      const failures = progress.dryRun ? [] : await store.failures(id, 50);
      // Every action is on the page, those that do not apply hidden: the live script shows and
      // hides them as the run moves on, so a finished run offers no Pause.
      const buttons = progress.dryRun
        ? []
        : RUN_ACTIONS.map(
            (a) =>
              html`<a href="/console/runs/${id}/confirm?action=${a}" data-action="${a}"${allowed(a, progress) ? '' : raw(' hidden')}>${ACTIONS[a].label}</a>`,
          );
      const body = html`${progressView(progress)}
${run ? html`<p class="meta">${run.kind}, ${run.frequency}, categories: ${run.categories.join(', ') || 'all'}; started by ${run.startedBy}; planned ${when(run.createdAt, tz)}${run.finishedAt ? html`, finished ${when(run.finishedAt, tz)}` : ''}.</p>${run.pauseReason ? html`<p class="problems" id="pause-reason">Paused by the complaint-rate guard: ${run.pauseReason}. Resume it once you know why.</p>` : ''}${run.lastError ? html`<p class="problems">Last error: ${run.lastError}</p>` : ''}` : html`<p class="meta">A dry run: every digest was rendered, nothing was sent or written.</p>`}
${buttons.length > 0 ? html`<p class="actions" id="run-actions">${buttons}</p>` : ''}
<h2>Failures</h2>
${
  failures.length === 0
    ? html`<p>None.</p>`
    : html`<div class="scroll"><table><caption>The last failed deliveries</caption>
<thead><tr><th scope="col">Address</th><th scope="col">SMTP code</th><th scope="col" class="n">Attempts</th><th scope="col">Error</th></tr></thead>
<tbody>${failures.map((f) => html`<tr><td>${f.email}</td><td>${f.code ?? smtpCode(f.error)}</td><td class="n">${f.attempts}</td><td>${f.error}</td></tr>`)}</tbody></table></div>`
}
${progress.finished ? '' : runFollowScript(id)}`;
      return c.html(consolePage({ config: ctx.config, csrf: session.csrf }, `Run ${id}`, body));
    }),
  );

  app.get(
    '/console/runs/:id/events',
    page(ctx, (c) => {
      const id = c.req.param('id') ?? '';
      return streamSSE(c, async (stream) => {
        let aborted = false;
        stream.onAbort(() => {
          aborted = true;
        });
        for (let tick = 1; !aborted; tick++) {
          // A stream outlives its request's check: signing out (or expiry) ends it too.
          if (tick % SESSION_CHECK_TICKS === 0 && !(await sessionStillOpen(ctx, c))) break;
          const progress = await services.runs.progress(id);
          if (!progress) break;
          await stream.writeSSE({
            event: 'progress',
            data: JSON.stringify({
              ...progress,
              statusText: statusText(progress),
              actions: RUN_ACTIONS.filter((a) => allowed(a, progress)),
            }),
          });
          if (progress.finished) break;
          await stream.sleep(250);
        }
      });
    }),
  );

  app.get(
    '/console/runs/:id/confirm',
    page(ctx, async (c, session) => {
      const id = c.req.param('id') ?? '';
      const what = c.req.query('action') as RunAction;
      const progress = await services.runs.progress(id);
      if (!progress || !RUN_ACTIONS.includes(what)) return c.notFound();
      if (!allowed(what, progress)) {
        const body = html`<p class="notice" role="status">Run ${id} is ${statusText(progress)}: ${ACTIONS[what].label} no longer applies to it.</p>
<p><a href="/console/runs/${id}">Back to the run</a></p>`;
        return c.html(
          consolePage({ config: ctx.config, csrf: session.csrf }, `${ACTIONS[what].label}?`, body),
          409,
        );
      }
      const body = html`<p>${ACTIONS[what].explain}</p>
<form method="post" action="/console/runs/${id}/${what}">${csrfField(session.csrf)}
<p class="actions"><button type="submit"${what === 'cancel' ? raw(' class="secondary"') : ''}>${ACTIONS[what].label} run ${id}</button> <a href="/console/runs/${id}">Go back</a></p>
</form>`;
      return c.html(
        consolePage({ config: ctx.config, csrf: session.csrf }, `${ACTIONS[what].label}?`, body),
      );
    }),
  );

  for (const what of RUN_ACTIONS) {
    app.post(
      `/console/runs/:id/${what}`,
      action(ctx, `runs.${what}`, async (c) => {
        const id = c.req.param('id') ?? '';
        const done = await services.runs.control(id, what);
        return {
          response: c.redirect(`/console/runs/${id}?${what}=${done}`, 303),
          target: id,
          detail: { result: done },
        };
      }),
    );
  }
}

function allowed(what: RunAction, p: Progress): boolean {
  if (p.dryRun) return false;
  switch (what) {
    case 'pause':
      return !p.finished && !p.paused && p.status !== 'failed';
    case 'resume':
      return !p.finished && (p.paused || p.status === 'failed' || p.workers === 0);
    case 'cancel':
      return !p.finished;
    case 'retry':
      return p.failed > 0 && p.status !== 'cancelled' && !p.paused;
  }
}

/** The run's status, and why nothing moves when nothing does. */
export function statusText(p: Progress): string {
  if (p.paused) return `${p.status}, paused`;
  if (!p.finished && !p.dryRun && p.status !== 'failed' && p.workers === 0)
    return `${p.status} (no worker on it)`;
  return p.status;
}

function progressView(p: Progress) {
  const percent = p.total > 0 ? Math.round((p.done / p.total) * 100) : p.finished ? 100 : 0;
  const status = statusText(p);
  return html`<p>Status: <span class="status" id="run-status">${status}</span></p>
<label for="run-progress">Progress: <span id="run-percent">${percent}</span> %</label>
<progress id="run-progress" max="${Math.max(p.total, 1)}" value="${p.total > 0 ? p.done : p.finished ? 1 : 0}">${percent} %</progress>
<div class="scroll"><table><caption>Deliveries</caption><tbody>
${(
  p.dryRun
    ? ([
        ['Subscribers gone through', 'done', p.done],
        ['Would send', 'wouldSend', p.wouldSend],
        ['Nothing new', 'skipped', p.skipped],
      ] as const)
    : ([
        ['Planned', 'total', p.total],
        ['Sent', 'sent', p.sent],
        ['Failed', 'failed', p.failed],
        ['Skipped', 'skipped', p.skipped],
        ['Pending', 'pending', p.pending],
        ['In flight', 'inFlight', p.inFlight],
      ] as const)
).map(
  ([label, key, value]) =>
    html`<tr><th scope="row">${label}</th><td class="n" data-count="${key}">${value}</td></tr>`,
)}
</tbody></table></div>`;
}

/** The SMTP reply code at the start of a recorded error, if any ("550 5.1.1 ..."). */
function smtpCode(error: string): string {
  return /\b([245]\d\d)\b/.exec(error)?.[1] ?? '';
}
