import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databases, type TestDatabase } from '../helpers/db.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';
import { SITE_URL, subscriptionApp } from '../helpers/subscription-app.js';

/** `/manage` must not tell who subscribes; subscribing again must not undo a confirmation. */
describe.each(databases)('asking for a preferences link on $name', ({ create }) => {
  let database: TestDatabase;
  let sink: SmtpSink;

  beforeEach(async () => {
    database = await create();
    sink = await startSmtpSink();
    await seedSubscribers(database.db, 1, { categories: () => ['biz-updates'] });
  });
  afterEach(async () => {
    await sink.close();
    await database.drop();
  });

  /** Everything a client can see of an answer, the Date header aside. */
  const seen = async (response: Response) => ({
    status: response.status,
    headers: [...response.headers].filter(([name]) => name !== 'date'),
    body: await response.text(),
  });
  const ask = (app: Awaited<ReturnType<typeof subscriptionApp>>['app'], email: string) =>
    app.request('/manage', { method: 'POST', body: new URLSearchParams({ email }) });

  it('answers a known and an unknown address alike, and mails only the known one', async () => {
    const gazette = await subscriptionApp(database.db, sink.url);
    try {
      const page = await gazette.app.request('/manage');
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<form method="post" action="\/manage">/);
      const known = await seen(await ask(gazette.app, 'user0@example.org'));
      const unknown = await seen(await ask(gazette.app, 'nobody@example.org'));
      expect(known.status).toBe(202);
      expect(unknown).toEqual(known);
      const [mail] = await sink.waitFor(1);
      expect(mail?.to).toMatchObject({ text: 'user0@example.org' });
      expect(mail?.text).toContain(`${SITE_URL}/preferences?token=`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(sink.messages).toHaveLength(1);
    } finally {
      gazette.close();
    }
  });

  it('answers alike even while the mail server is down', async () => {
    const down = await startSmtpSink();
    await down.close();
    const gazette = await subscriptionApp(database.db, down.url);
    try {
      const known = await seen(await ask(gazette.app, 'user0@example.org'));
      const unknown = await seen(await ask(gazette.app, 'nobody@example.org'));
      expect(known.status).toBe(202);
      expect(unknown).toEqual(known);
    } finally {
      gazette.close();
    }
  });

  it('a second subscribe of a confirmed address leaves it confirmed, and says so by email', async () => {
    const gazette = await subscriptionApp(database.db, sink.url);
    const row = () =>
      database.db.kysely
        .selectFrom('subscribers')
        .select(['status', 'categories', 'frequency', 'confirmed_at'])
        .executeTakeFirstOrThrow();
    try {
      const before = await row();
      const again = await gazette.app.request('/subscribe', {
        method: 'POST',
        body: new URLSearchParams({ email: 'user0@example.org', frequency: 'weekly' }),
      });
      expect(again.status).toBe(202);
      expect(await row()).toEqual(before);
      expect(before.status).toBe('confirmed');
      const [mail] = await sink.waitFor(1);
      expect(mail?.subject).toBe('Your Gazette Test subscription');
      expect(mail?.text).toContain('You are already subscribed.');
      expect(mail?.text).toContain(`${SITE_URL}/preferences?token=`);
      expect(mail?.text).not.toContain('/confirm?token=');
    } finally {
      gazette.close();
    }
  });
});
