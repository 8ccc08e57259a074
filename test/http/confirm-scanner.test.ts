import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../src/http/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';
import {
  linkIn,
  SITE_URL,
  type SubscriptionApp,
  subscriptionApp,
} from '../helpers/subscription-app.js';

/**
 * A mail scanner (Safe Links and the like) fetches every link of a message, following
 * redirects, before the reader sees it. Double opt-in holds only if those fetches change nothing:
 * the reader's own button press, a POST, confirms.
 */
describe.each(databases)('a link scanner on $name', ({ create }) => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let gazette: SubscriptionApp;
  let server: RunningServer;
  let base: string;

  beforeEach(async () => {
    database = await create();
    sink = await startSmtpSink();
    gazette = await subscriptionApp(database.db, sink.url);
    server = await listen(gazette.app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${server.port}`;
  });
  afterEach(async () => {
    await server.close();
    gazette.close();
    await sink.close();
    await database.drop();
  });

  const row = async () =>
    database.db.kysely.selectFrom('subscribers').selectAll().executeTakeFirstOrThrow();

  it('fetching every link in the confirmation email (GET and HEAD) confirms nothing', async () => {
    const subscribed = await fetch(`${base}/subscribe`, {
      method: 'POST',
      body: new URLSearchParams({ email: 'scanned@example.org' }),
    });
    expect(subscribed.status).toBe(202);
    const [mail] = await sink.waitFor(1);
    const links = [...(mail?.text ?? '').matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
    expect(links.some((link) => link.startsWith(`${SITE_URL}/confirm?token=`))).toBe(true);
    for (const link of links) {
      const url = link.replace(SITE_URL, base);
      for (const method of ['GET', 'HEAD']) {
        const scanned = await fetch(url, { method, headers: { 'user-agent': 'LinkScanner/1.0' } });
        expect(scanned.status).toBeLessThan(500);
      }
    }
    expect(await row()).toMatchObject({ status: 'pending', confirmed_at: null });
  });

  it('the page a link opens has the button; pressing it confirms and records the consent', async () => {
    await fetch(`${base}/subscribe`, {
      method: 'POST',
      body: new URLSearchParams({ email: 'reader@example.org' }),
    });
    const [mail] = await sink.waitFor(1);
    const confirmUrl = linkIn(mail?.text, `${SITE_URL}/confirm?token=`).replace(SITE_URL, base);
    const page = await fetch(confirmUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Confirm my subscription');
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    expect(action).toBe(new URL(confirmUrl).pathname + new URL(confirmUrl).search);
    expect(await row()).toMatchObject({ status: 'pending' });

    const pressed = await fetch(`${base}${action}`, {
      method: 'POST',
      headers: { 'user-agent': 'reader-browser/3', origin: base },
      body: new URLSearchParams({}),
    });
    expect(pressed.status).toBe(200);
    expect(await pressed.text()).toContain('Subscription confirmed');
    const confirmed = await row();
    expect(confirmed).toMatchObject({
      status: 'confirmed',
      confirmed_ip: '127.0.0.1',
      confirmed_user_agent: 'reader-browser/3',
    });
    expect(confirmed.confirmed_at).toBeGreaterThan(0);
    // The page of a confirmed address says so, still without changing anything.
    expect(await (await fetch(confirmUrl)).text()).toContain('already confirmed');
  });

  it('a bad or expired link shows no button', async () => {
    const page = await fetch(`${base}/confirm?token=nonsense`);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain('<form method="post"');
    const pressed = await fetch(`${base}/confirm?token=nonsense`, { method: 'POST' });
    expect(pressed.status).toBe(404);
  });
});
