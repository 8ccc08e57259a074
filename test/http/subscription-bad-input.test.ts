import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTokens } from '../../src/subscribers/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';
import { type SubscriptionApp, subscriptionApp } from '../helpers/subscription-app.js';

const malformed = [
  'not-an-address',
  'a@b',
  '@example.org',
  'reader@',
  'a@@example.org',
  'a b@example.org',
  'reader@exa mple.org',
  'reader@example..org',
  '.reader@example.org',
  'reader.@example.org',
  '"quoted"@example.org',
  'reader@[127.0.0.1]',
  'reader@-example.org',
  'réader@example.org',
  `${'a'.repeat(65)}@example.org`,
  `reader@${'a'.repeat(250)}.org`,
];
const injections = [
  'victim@example.org\r\nBcc: other@example.org',
  'victim@example.org\nBcc: other@example.org',
  'victim@example.org\r\n',
  'victim@example.org\rX-Header: 1',
  'victim@example.org\u0000',
  'victim@example.org>, <other@example.org',
  'victim@example.org, other@example.org',
  'victim@example.org;other@example.org',
  'Victim <victim@example.org>',
];

describe.each(databases)('bad input on $name', ({ create }) => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let gazette: SubscriptionApp;

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });
  beforeEach(async () => {
    database = await create();
    gazette = await subscriptionApp(database.db, sink.url);
  });
  afterEach(async () => {
    gazette.close();
    await database.drop();
  });

  const count = async () =>
    Number(
      (
        await database.db.kysely
          .selectFrom('subscribers')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const postForm = (fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) {
      for (const item of [value].flat()) body.append(key, item);
    }
    return gazette.app.request('/subscribe', { method: 'POST', body });
  };
  const postJson = (body: unknown) =>
    gazette.app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('refuses malformed and header-injecting addresses, as a form and as JSON', async () => {
    const sent = sink.messages.length;
    for (const email of [...malformed, ...injections, '', '   ']) {
      const viaForm = await postForm({ email });
      expect(viaForm.status, JSON.stringify(email)).toBe(400);
      const page = await viaForm.text();
      expect(page).toContain('email:');
      expect(page).toContain('role="alert"');
      const viaJson = await postJson({ email });
      expect(viaJson.status, JSON.stringify(email)).toBe(400);
      const answer = (await viaJson.json()) as { problems: string[] };
      expect(answer.problems.join()).toMatch(/^email: /);
    }
    expect((await postJson({ email: ['a@example.org'] })).status).toBe(400);
    expect((await postJson({ email: 42 })).status).toBe(400);
    expect(await count()).toBe(0);
    expect(sink.messages.length).toBe(sent);
  });

  it('refuses unknown categories and frequencies, and says which', async () => {
    const cases: [Record<string, string | string[]>, RegExp][] = [
      [{ email: 'a@example.org', categories: 'sports' }, /unknown &quot;sports&quot;/],
      [{ email: 'a@example.org', categories: ['biz-updates', 'x'] }, /unknown &quot;x&quot;/],
      [{ email: 'a@example.org', frequency: 'hourly' }, /frequency: must be daily or weekly/],
      [{ email: 'a@example.org', frequency: 'Daily' }, /frequency/],
    ];
    for (const [fields, message] of cases) {
      const response = await postForm(fields);
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(message);
    }
    const json = await postJson({ email: 'a@example.org', categories: [1, 2] });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({
      problems: ['categories: must be a list of category slugs'],
    });
    expect(await count()).toBe(0);
  });

  it('refuses an oversized body, broken JSON, a file and an unknown body type', async () => {
    const big = await postForm({ email: 'a@example.org', filler: 'x'.repeat(20_000) });
    expect(big.status).toBe(400);
    expect(await big.text()).toContain('too large');
    const bigJson = await postJson({ email: 'a@example.org', filler: 'x'.repeat(20_000) });
    expect(bigJson.status).toBe(400);
    expect(await bigJson.json()).toMatchObject({ error: expect.stringContaining('too large') });
    expect((await postJson('{"email": "a@example.org"')).status).toBe(400);
    expect((await postJson('["a@example.org"]')).status).toBe(400);
    const file = new FormData();
    file.append('email', new Blob(['a@example.org']), 'email.txt');
    expect((await gazette.app.request('/subscribe', { method: 'POST', body: file })).status).toBe(
      400,
    );
    const xml = await gazette.app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: '<email>a@example.org</email>',
    });
    expect(xml.status).toBe(415);
    expect(await count()).toBe(0);
  });

  it('refuses forged, tampered, re-purposed and expired tokens, changing nothing', async () => {
    expect((await postForm({ email: 'kept@example.org' })).status).toBe(202);
    const row = await database.db.kysely
      .selectFrom('subscribers')
      .selectAll()
      .executeTakeFirstOrThrow();
    const now = new Date();
    const confirm = gazette.tokens.sign(row.id, 'confirm', now);
    const unsubscribe = gazette.tokens.sign(row.id, 'unsubscribe', now);
    const preferences = gazette.tokens.sign(row.id, 'preferences', now);
    const flip = (token: string, at: number) =>
      token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
    const bad = [
      '',
      'nonsense',
      confirm.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAA'),
      flip(unsubscribe, 5),
      flip(unsubscribe, unsubscribe.length - 1),
      createTokens('another secret of sixteen characters').sign(row.id, 'unsubscribe', now),
      `${unsubscribe}x`,
    ];
    const attempts: [string, string, string][] = [];
    for (const token of bad) {
      for (const [method, path] of [
        ['GET', '/confirm'],
        ['POST', '/confirm'],
        ['GET', '/unsubscribe'],
        ['POST', '/unsubscribe'],
        ['GET', '/preferences'],
        ['POST', '/preferences'],
      ] as const) {
        attempts.push([method, path, token]);
      }
    }
    // Each purpose's token on every other purpose's route.
    attempts.push(
      ['GET', '/confirm', unsubscribe],
      ['GET', '/confirm', preferences],
      ['POST', '/confirm', unsubscribe],
      ['POST', '/confirm', preferences],
      ['POST', '/unsubscribe', confirm],
      ['POST', '/unsubscribe', preferences],
      ['GET', '/unsubscribe', preferences],
      ['GET', '/preferences', unsubscribe],
      ['POST', '/preferences', unsubscribe],
      ['POST', '/preferences', confirm],
    );
    for (const [method, path, token] of attempts) {
      const response = await gazette.app.request(`${path}?token=${encodeURIComponent(token)}`, {
        method,
        ...(method === 'POST'
          ? { body: new URLSearchParams({ action: 'unsubscribe', frequency: 'weekly' }) }
          : {}),
      });
      expect(response.status, `${method} ${path} ${token}`).toBe(404);
      expect(await response.text()).toContain('This link does not work');
    }
    expect((await gazette.app.request('/confirm')).status).toBe(404);

    const eightDaysAgo = new Date(now.getTime() - 8 * 24 * 60 * 60 * 1000);
    for (const method of ['GET', 'POST']) {
      const expired = await gazette.app.request(
        `/confirm?token=${gazette.tokens.sign(row.id, 'confirm', eightDaysAgo)}`,
        { method },
      );
      expect(expired.status).toBe(404);
      expect(await expired.text()).toContain('has expired');
    }

    const after = await database.db.kysely.selectFrom('subscribers').selectAll().execute();
    expect(after).toEqual([row]);
    // Unsubscribe and preference links outlive a week: old digests keep working.
    const old = gazette.tokens.sign(row.id, 'unsubscribe', eightDaysAgo);
    expect((await gazette.app.request(`/unsubscribe?token=${old}`)).status).toBe(200);
  });

  it('refuses a bad preferences submission without changing anything', async () => {
    expect((await postForm({ email: 'prefs@example.org', frequency: 'weekly' })).status).toBe(202);
    const before = await database.db.kysely.selectFrom('subscribers').selectAll().execute();
    const token = gazette.tokens.sign(before[0]?.id ?? '', 'preferences', new Date());
    for (const fields of [{ categories: 'sports' }, { frequency: 'hourly' }] as Record<
      string,
      string
    >[]) {
      const response = await gazette.app.request(`/preferences?token=${token}`, {
        method: 'POST',
        body: new URLSearchParams({ action: 'save', ...fields }),
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('role="alert"');
    }
    const big = await gazette.app.request(`/preferences?token=${token}`, {
      method: 'POST',
      body: new URLSearchParams({ action: 'save', filler: 'x'.repeat(20_000) }),
    });
    expect(big.status).toBe(400);
    expect(await database.db.kysely.selectFrom('subscribers').selectAll().execute()).toEqual(
      before,
    );
  });

  it('limits subscribe requests per client and says when to retry', async () => {
    const limited = await subscriptionApp(database.db, sink.url, { GAZETTE_SUBSCRIBE_RATE: '3' });
    try {
      const request = (email: string) =>
        limited.app.request('/subscribe', {
          method: 'POST',
          body: new URLSearchParams({ email }),
        });
      for (const n of [1, 2, 3]) expect((await request(`r${n}@example.org`)).status).toBe(202);
      const refused = await request('r4@example.org');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await count()).toBe(3);
      // The manage form draws on the same allowance.
      const manage = await limited.app.request('/manage', {
        method: 'POST',
        body: new URLSearchParams({ email: 'r1@example.org' }),
      });
      expect(manage.status).toBe(429);
    } finally {
      limited.close();
    }
  });
});
