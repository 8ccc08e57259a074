import type { Context, Hono } from 'hono';
import type { SiteState } from '../../http/index.js';
import { type Html, html } from '../../http/pages/html.js';
import { RunInProgress } from '../../send/index.js';
import type { PreviewResult, SendChoice } from '../index.js';
import { action, type ConsoleContext, field, fieldList, page } from './guard.js';
import { consolePage, csrfField } from './view.js';

/**
 * Send: choose, preview as one subscriber would get it, send a test, then a dry run or the real
 * run (after a confirmation page that says how many it will reach).
 */
export function sendPages(app: Hono, ctx: ConsoleContext, site: SiteState): void {
  const { services } = ctx;
  const slugs = () => site.published().categories.map((c) => c.slug);

  /** The choice from a query or a form; unknown categories are dropped. */
  const choiceOf = (get: (name: string) => string | undefined, list: string[]): SendChoice => ({
    frequency: get('frequency') === 'weekly' ? 'weekly' : 'daily',
    categories: list.filter((slug) => slugs().includes(slug)),
  });
  const fromQuery = (c: Context) =>
    choiceOf((n) => c.req.query(n), c.req.queries('categories') ?? []);
  const hidden = (choice: SendChoice) =>
    html`<input type="hidden" name="frequency" value="${choice.frequency}">${choice.categories.map((s) => html`<input type="hidden" name="categories" value="${s}">`)}`;
  const query = (choice: SendChoice) =>
    new URLSearchParams([
      ['frequency', choice.frequency],
      ...choice.categories.map((s): [string, string] => ['categories', s]),
    ]).toString();

  app.get(
    '/console/send',
    page(ctx, async (c, session) => {
      const choice = fromQuery(c);
      const email = c.req.query('email')?.trim() ?? '';
      const chosen = c.req.query('frequency') !== undefined;
      const categories = site.published().categories;
      const form = html`<form method="get" action="/console/send">
<fieldset><legend>Frequency</legend>
${(['daily', 'weekly'] as const).map((f) => html`<label><input type="radio" name="frequency" value="${f}"${choice.frequency === f ? html` checked` : ''}> ${f}</label>`)}
</fieldset>
<fieldset><legend>Categories (none ticked: every category)</legend>
${categories.map((cat) => html`<label><input type="checkbox" name="categories" value="${cat.slug}"${choice.categories.includes(cat.slug) ? html` checked` : ''}> ${cat.name}</label>`)}
</fieldset>
<label for="preview-email">Preview as subscriber (address)</label>
<input type="email" id="preview-email" name="email" value="${email}" placeholder="reader@example.com">
<button type="submit">Show reach and preview</button>
</form>`;
      let result: Html | string = '';
      if (chosen) {
        const { reach, preview } = await services.sender.survey(choice, email || undefined);
        result = html`<h2>Reach</h2>
<p id="reach">This run would send <b>${reach.digests}</b> digests: ${reach.subscribers} confirmed ${choice.frequency} subscribers, of whom ${reach.subscribers - reach.digests} have nothing new.</p>
${email ? previewView(email, preview) : ''}
<h2>Send</h2>
<form method="post" action="/console/send/test">${csrfField(session.csrf)}${hidden(choice)}
<label for="test-to">Send a test to one address</label>
<input type="email" id="test-to" name="to" required value="${email}">
<button type="submit">Send test</button>
</form>
<form method="post" action="/console/send/dry-run">${csrfField(session.csrf)}${hidden(choice)}
<button type="submit">Dry run</button> <span class="hint">renders every digest, sends nothing</span>
</form>
<p><a href="/console/send/confirm?${query(choice)}">Send to everyone…</a></p>`;
      }
      return c.html(
        consolePage({ config: ctx.config, csrf: session.csrf }, 'Send', html`${form}${result}`),
      );
    }),
  );

  app.get(
    '/console/send/confirm',
    page(ctx, async (c, session) => {
      const choice = fromQuery(c);
      const { reach } = await services.sender.survey(choice);
      const body = html`<p id="reach">This run will send <b>${reach.digests}</b> ${choice.frequency} digests (categories: ${choice.categories.join(', ') || 'all'}). It starts at once.</p>
<form method="post" action="/console/send/start">${csrfField(session.csrf)}${hidden(choice)}
<p class="actions"><button type="submit">Send ${reach.digests} digests now</button> <a href="/console/send?${query(choice)}">Go back</a></p>
</form>`;
      return c.html(
        consolePage({ config: ctx.config, csrf: session.csrf }, 'Send to everyone?', body),
      );
    }),
  );

  const formChoice = (fields: Record<string, unknown>) =>
    choiceOf((n) => field(fields, n), fieldList(fields, 'categories'));

  app.post(
    '/console/send/start',
    action(ctx, 'send.start', async (c, session, fields) => {
      const choice = formChoice(fields);
      try {
        const id = await services.sender.start(choice);
        return {
          response: c.redirect(`/console/runs/${id}`, 303),
          target: id,
          detail: { ...choice },
        };
      } catch (error) {
        if (!(error instanceof RunInProgress)) throw error;
        const body = html`<p class="problems" role="alert">Run <a href="/console/runs/${error.runId}">${error.runId}</a> of this kind is ${error.paused ? 'paused' : 'unfinished'}: resume or cancel it first.</p>`;
        return {
          response: c.html(
            consolePage({ config: ctx.config, csrf: session.csrf }, 'Not started', body),
            409,
          ),
          target: error.runId,
          detail: { ...choice },
        };
      }
    }),
  );

  app.post(
    '/console/send/dry-run',
    action(ctx, 'send.dry-run', async (c, _session, fields) => {
      const choice = formChoice(fields);
      const id = await services.sender.dryRun(choice);
      return {
        response: c.redirect(`/console/runs/${id}`, 303),
        target: id,
        detail: { ...choice },
      };
    }),
  );

  app.post(
    '/console/send/test',
    action(ctx, 'send.test', async (c, session, fields) => {
      const choice = formChoice(fields);
      const to = field(fields, 'to') ?? '';
      const view = { config: ctx.config, csrf: session.csrf };
      if (!/^[^@\s]+@[^@\s]+$/.test(to)) {
        return {
          response: c.html(
            consolePage(
              view,
              'Test not sent',
              html`<p class="problems" role="alert">"${to}" is not an address.</p>`,
            ),
            400,
          ),
          detail: { ...choice, to },
        };
      }
      const response = await services.sender.sendTest(choice, to);
      const body = response
        ? html`<p class="notice" role="status">Sent one digest to ${to}. The server said: ${response}</p>`
        : html`<p class="problems" role="alert">Nothing to send: no article is new for ${to}.</p>`;
      return {
        response: c.html(
          consolePage(
            view,
            'Test',
            html`${body}<p><a href="/console/send?${query(choice)}&amp;email=${encodeURIComponent(to)}">Back to Send</a></p>`,
          ),
          response ? 200 : 422,
        ),
        target: to,
        detail: { ...choice },
      };
    }),
  );
}

function previewView(email: string, preview: PreviewResult | null): Html {
  if (!preview)
    return html`<h2>Preview</h2><p>Nothing is new for ${email}: no digest would be sent.</p>`;
  const who = preview.known
    ? `as ${preview.email} gets it`
    : `${email} is not a confirmed subscriber of this frequency: their first digest`;
  // srcdoc is an attribute: the template escapes the HTML into it; sandbox without
  // allow-scripts or allow-same-origin keeps the message from acting on the console.
  return html`<h2>Preview</h2>
<p>${who}. Subject: <b id="preview-subject">${preview.subject}</b></p>
<div class="preview">
<iframe title="The digest at phone width" sandbox="" width="375" srcdoc="${preview.html}"></iframe>
<iframe title="The digest at desktop width" sandbox="" width="800" srcdoc="${preview.html}"></iframe>
</div>
<h3>Text part</h3>
<div class="preview"><pre id="preview-text">${preview.text}</pre></div>`;
}
