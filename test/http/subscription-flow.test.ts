import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../src/http/index.js';
import { subscriberLinks } from '../../src/subscribers/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';
import {
  linkIn,
  SITE_URL,
  type SubscriptionApp,
  subscriptionApp,
} from '../helpers/subscription-app.js';

/** The whole flow over real HTTP, a real SMTP server and each database. */
describe.each(databases)('subscription flow on $name', ({ create }) => {
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

  /** A link from an email, pointed at the test server instead of the public site. */
  const local = (link: string) => link.replace(SITE_URL, base);
  const rows = () => database.db.kysely.selectFrom('subscribers').selectAll().execute();
  const form = (fields: [string, string][]) =>
    fetch(`${base}/subscribe`, {
      method: 'POST',
      headers: { 'user-agent': 'flow-test/1.0' },
      body: new URLSearchParams(fields),
    });

  it('subscribes, confirms, changes preferences and unsubscribes in one click', async () => {
    const subscribed = await form([
      ['email', '  reader@Example.ORG '],
      ['categories', 'biz-updates'],
      ['categories', 'industrial-parks'],
      ['frequency', 'weekly'],
    ]);
    expect(subscribed.status).toBe(202);
    expect(await subscribed.text()).toContain('Check your inbox');

    const [confirmation] = await sink.waitFor(1);
    expect(confirmation?.to).toMatchObject({ text: 'reader@example.org' });
    expect(confirmation?.from?.value).toEqual([
      { name: 'Gazette Test', address: 'news@gazette.test' },
    ]);
    expect(confirmation?.subject).toBe('Confirm your subscription to Gazette Test');
    expect(confirmation?.text).toContain('Biz updates, Industrial Parks, weekly');
    const confirmUrl = linkIn(confirmation?.text, `${SITE_URL}/confirm?token=`);
    expect(confirmation?.html).toContain('href="http://gazette.test/confirm?token&#x3D;');

    const [pending] = await rows();
    expect(pending).toMatchObject({
      email: 'reader@example.org',
      status: 'pending',
      categories: '["biz-updates","industrial-parks"]',
      frequency: 'weekly',
      subscribed_ip: '127.0.0.1',
      subscribed_user_agent: 'flow-test/1.0',
      subscribed_source: 'web',
      confirmed_at: null,
    });
    expect(pending?.subscribed_at).toBeGreaterThan(0);

    // Opening the link shows the button; pressing it (a POST) confirms.
    expect(await (await fetch(local(confirmUrl))).text()).toContain('Confirm my subscription');
    const confirmed = await fetch(local(confirmUrl), {
      method: 'POST',
      headers: { 'user-agent': 'mail-app/2' },
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Subscription confirmed');
    const [afterConfirm] = await rows();
    expect(afterConfirm).toMatchObject({
      status: 'confirmed',
      confirmed_ip: '127.0.0.1',
      confirmed_user_agent: 'mail-app/2',
    });
    expect(afterConfirm?.confirmed_at).toBeGreaterThanOrEqual(afterConfirm?.subscribed_at ?? 0);
    expect(await (await fetch(local(confirmUrl))).text()).toContain('Already confirmed');

    // Subscribing again from anywhere: the same answer, no step back, no change of choices.
    const again = await fetch(`${base}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'reader@example.org', frequency: 'daily' }),
    });
    expect(again.status).toBe(202);
    const [manage] = (await sink.waitFor(2)).slice(1);
    expect(manage?.subject).toBe('Your Gazette Test subscription');
    expect(await rows()).toMatchObject([{ status: 'confirmed', frequency: 'weekly' }]);

    const preferencesUrl = local(linkIn(manage?.text, `${SITE_URL}/preferences?token=`));
    const page = await fetch(preferencesUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const pageHtml = await page.text();
    expect(pageHtml).toContain('reader@example.org');
    expect(pageHtml).toMatch(/value="industrial-parks" checked/);

    const saved = await fetch(preferencesUrl, {
      method: 'POST',
      body: new URLSearchParams([
        ['categories', 'industrial-parks'],
        ['frequency', 'daily'],
        ['action', 'save'],
      ]),
    });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Your preferences are saved');
    const [afterSave] = await rows();
    expect(afterSave).toMatchObject({ categories: '["industrial-parks"]', frequency: 'daily' });
    expect(afterSave?.preferences_updated_at).toBeGreaterThan(0);

    // RFC 8058: what a mail provider sends; no cookie, no redirect, and a repeat is harmless.
    const unsubscribeUrl = local(linkIn(manage?.text, `${SITE_URL}/unsubscribe?token=`));
    const oneClick = await fetch(unsubscribeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    expect(oneClick.status).toBe(200);
    expect(oneClick.headers.get('set-cookie')).toBeNull();
    expect(oneClick.headers.get('location')).toBeNull();
    const [afterUnsubscribe] = await rows();
    expect(afterUnsubscribe?.status).toBe('unsubscribed');
    const unsubscribedAt = afterUnsubscribe?.unsubscribed_at;
    expect(unsubscribedAt).toBeGreaterThan(0);
    const repeat = await fetch(unsubscribeUrl, { method: 'POST', redirect: 'manual' });
    expect(repeat.status).toBe(200);
    expect(await rows()).toMatchObject([
      { status: 'unsubscribed', unsubscribed_at: unsubscribedAt },
    ]);

    // The old confirmation link cannot undo the unsubscribe; a new subscription must confirm.
    expect((await fetch(local(confirmUrl), { method: 'POST' })).status).toBe(404);
    expect((await form([['email', 'reader@example.org']])).status).toBe(202);
    const [, , reconfirm] = await sink.waitFor(3);
    expect(await rows()).toMatchObject([{ status: 'pending', categories: '[]' }]);
    expect((await fetch(local(confirmUrl), { method: 'POST' })).status).toBe(404);
    const newConfirm = local(linkIn(reconfirm?.text, `${SITE_URL}/confirm?token=`));
    expect((await fetch(newConfirm, { method: 'POST' })).status).toBe(200);
    expect(await rows()).toHaveLength(1);
    expect(await rows()).toMatchObject([{ status: 'confirmed' }]);
  });

  it('answers the same for a new, a pending and a confirmed address, with one row each', async () => {
    const bodies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await form([['email', 'same@example.org']]);
      expect(response.status).toBe(202);
      bodies.push(await response.text());
      if (i === 1) {
        const messages = await sink.waitFor(2);
        const link = linkIn(messages[1]?.text, `${SITE_URL}/confirm?token=`);
        expect((await fetch(local(link), { method: 'POST' })).status).toBe(200);
      }
    }
    expect(new Set(bodies).size).toBe(1);
    expect(await rows()).toMatchObject([{ email: 'same@example.org', status: 'confirmed' }]);
    const messages = await sink.waitFor(3);
    expect(messages.map((m) => m.subject)).toEqual([
      'Confirm your subscription to Gazette Test',
      'Confirm your subscription to Gazette Test',
      'Your Gazette Test subscription',
    ]);
  });

  it('unsubscribes from the preferences page and from the one-button page', async () => {
    for (const email of ['one@example.org', 'two@example.org']) {
      expect((await form([['email', email]])).status).toBe(202);
    }
    // The links a digest carries.
    const links = async (email: string) => {
      const row = (await rows()).find((r) => r.email === email);
      return subscriberLinks(SITE_URL, gazette.tokens, row?.id ?? '', new Date());
    };
    const preferences = local((await links('one@example.org')).preferences);
    const viaPreferences = await fetch(preferences, {
      method: 'POST',
      body: new URLSearchParams({ action: 'unsubscribe' }),
    });
    expect(viaPreferences.status).toBe(200);
    expect(await viaPreferences.text()).toContain('You are unsubscribed');

    const unsubscribe = local((await links('two@example.org')).unsubscribe);
    const page = await (await fetch(unsubscribe)).text();
    expect(page).toContain('two@example.org');
    expect(page).toMatch(/<form method="post" action="\/unsubscribe\?token=[^"]+">/);
    expect((await fetch(unsubscribe, { method: 'POST' })).status).toBe(200);

    const statuses = (await rows()).map((row) => [row.email, row.status]);
    expect(statuses.sort()).toEqual([
      ['one@example.org', 'unsubscribed'],
      ['two@example.org', 'unsubscribed'],
    ]);
  });

  it('emails a preferences link on request, answering the same for any address', async () => {
    expect((await form([['email', 'known@example.org']])).status).toBe(202);
    const [confirmation] = await sink.waitFor(1);
    expect(
      (
        await fetch(local(linkIn(confirmation?.text, `${SITE_URL}/confirm?token=`)), {
          method: 'POST',
        })
      ).status,
    ).toBe(200);
    const ask = (email: string) =>
      fetch(`${base}/manage`, { method: 'POST', body: new URLSearchParams({ email }) });
    const known = await ask('known@EXAMPLE.org');
    const unknown = await ask('stranger@example.org');
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(await known.text()).toBe(await unknown.text());
    const messages = await sink.waitFor(2);
    expect(messages).toHaveLength(2);
    expect(messages[1]?.to).toMatchObject({ text: 'known@example.org' });
    const preferences = local(linkIn(messages[1]?.text, `${SITE_URL}/preferences?token=`));
    expect((await fetch(preferences)).status).toBe(200);
    expect((await ask('not an address')).status).toBe(400);
  });

  it('says so when the mail server is down, and sends on the next try', async () => {
    const down = await startSmtpSink();
    await down.close();
    const broken = await subscriptionApp(database.db, down.url);
    try {
      const response = await broken.app.request('/subscribe', {
        method: 'POST',
        body: new URLSearchParams({ email: 'retry@example.org' }),
      });
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('try again later');
      expect(await rows()).toMatchObject([{ status: 'pending', notice_sent_at: null }]);
    } finally {
      broken.close();
    }
    expect((await form([['email', 'retry@example.org']])).status).toBe(202);
    expect((await sink.waitFor(1))[0]?.to).toMatchObject({ text: 'retry@example.org' });
    expect(await rows()).toHaveLength(1);
  });
});
