import { join } from 'node:path';
import type { Hono } from 'hono';
import { type Html, html } from '../../http/pages/html.js';
import { listOutbox, readOutboxMessage } from '../../mail/index.js';
import { type ConsoleContext, page } from './guard.js';
import { consolePage, when } from './view.js';

const SHOWN = 50;

/**
 * A local mail catcher for the messages Gazette writes to `data/outbox/` when no SMTP server is
 * set: the newest ones, and each as HTML and text, decoded, with links that work. Only served
 * when mail goes there.
 */
export function outboxPages(app: Hono, ctx: ConsoleContext): void {
  const { config } = ctx;
  if (config.smtpUrl) return;
  const dir = join(config.dataDir, 'outbox');

  app.get(
    '/console/outbox',
    page(ctx, async (c, session) => {
      const entries = await listOutbox(dir, SHOWN);
      const rows = entries.map(
        (entry) =>
          html`<tr><td>${when(entry.writtenAt, config.timezone)}</td><td>${entry.to}</td><td><a href="/console/outbox/${entry.id}">${entry.subject || '(no subject)'}</a></td></tr>`,
      );
      const body = html`<p>No <code>GAZETTE_SMTP_URL</code> is set, so every message Gazette sends is written to <code>${dir}</code> instead; the newest ${SHOWN} are here. <code>gazette outbox list</code> shows them in a terminal.</p>
<div class="scroll"><table><caption>Messages, newest first</caption>
<thead><tr><th scope="col">Written</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
<tbody>${rows.length > 0 ? rows : html`<tr><td colspan="3">No messages yet: subscribe on the site, or send a test from the Send page.</td></tr>`}</tbody></table></div>`;
      return c.html(consolePage({ config, csrf: session.csrf }, 'Outbox', body));
    }),
  );

  app.get(
    '/console/outbox/:id',
    page(ctx, async (c, session) => {
      const message = await readOutboxMessage(dir, c.req.param('id') ?? '');
      if (!message) return c.notFound();
      // The message opens its links in a new tab: inside the frame they would be refused (every
      // page forbids framing), and the sandbox keeps its scripts and forms off the console.
      const framed = message.html ? `<base target="_blank">${message.html}` : null;
      const body = html`<p><a href="/console/outbox">Back to the outbox</a></p>
<dl class="detail">
<dt>From</dt><dd>${message.from}</dd>
<dt>To</dt><dd>${message.to}</dd>
<dt>Subject</dt><dd>${message.subject}</dd>
<dt>Written</dt><dd>${when(message.writtenAt, config.timezone)}</dd>
<dt>File</dt><dd><code>${message.file}</code></dd>
</dl>
${
  framed
    ? html`<h2>HTML</h2>
<div class="preview">
<iframe title="The message at phone width" sandbox="allow-popups allow-popups-to-escape-sandbox" width="375" srcdoc="${framed}"></iframe>
<iframe title="The message at desktop width" sandbox="allow-popups allow-popups-to-escape-sandbox" width="800" srcdoc="${framed}"></iframe>
</div>`
    : ''
}
<h2>Text</h2>
<div class="preview"><pre id="outbox-text">${message.text ? linked(message.text) : '(no text part)'}</pre></div>`;
      return c.html(
        consolePage({ config, csrf: session.csrf }, message.subject || 'Message', body),
      );
    }),
  );
}

/** The text with each web address a link, so a confirmation link is one click away. */
function linked(text: string): Html[] {
  const parts: Html[] = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)) {
    parts.push(html`${text.slice(last, match.index)}`);
    parts.push(html`<a href="${match[0]}" target="_blank" rel="noopener">${match[0]}</a>`);
    last = match.index + match[0].length;
  }
  parts.push(html`${text.slice(last)}`);
  return parts;
}
