import { describe, expect, it } from 'vitest';
import { createDeliveryStore } from '../../src/store/index.js';
import { ADMIN_TOKEN, consoleApp, freshConsoleApp, signIn } from '../helpers/console-app.js';
import { databases } from '../helpers/db.js';
import { planTestRun, seedSubscribers } from '../helpers/send-fixtures.js';
import { until } from '../helpers/wait.js';

const LOCAL = 'http://127.0.0.1';
const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return body.toString();
};
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

const PAGES = [
  '/console/',
  '/console/runs',
  '/console/send',
  '/console/send?frequency=daily',
  '/console/send/confirm?frequency=daily',
  '/console/subscribers',
  '/console/subscribers/import',
  '/console/subscribers/export.csv',
  '/console/articles',
  '/console/audit',
];
const ACTIONS = [
  '/console/send/start',
  '/console/send/dry-run',
  '/console/send/test',
  '/console/runs/x/pause',
  '/console/runs/x/resume',
  '/console/runs/x/cancel',
  '/console/runs/x/retry',
  '/console/subscribers/import',
  '/console/subscribers/x/erase',
  '/console/logout',
];

describe.each(databases)('the console on $name', ({ create }) => {
  const fixture = freshConsoleApp(create);

  const get = (path: string, cookie = '') =>
    fixture.gazette.app.request(`${LOCAL}${path}`, { headers: { cookie }, redirect: 'manual' });
  const post = (path: string, fields: Record<string, string | string[]>, cookie = '') =>
    fixture.gazette.app.request(`${LOCAL}${path}`, {
      method: 'POST',
      headers: { ...FORM, cookie },
      body: form(fields),
      redirect: 'manual',
    });

  it('is off (404) without GAZETTE_ADMIN_TOKEN', async () => {
    const off = await consoleApp(fixture.database.db, fixture.sink.url, {
      GAZETTE_ADMIN_TOKEN: '',
    });
    try {
      for (const path of ['/console/', '/console/login']) {
        expect((await off.app.request(`${LOCAL}${path}`)).status).toBe(404);
      }
      const login = await off.app.request(`${LOCAL}/console/login`, {
        method: 'POST',
        headers: FORM,
        body: form({ token: ADMIN_TOKEN }),
      });
      expect(login.status).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('sends every page to sign-in and refuses every action without a session', async () => {
    await seedSubscribers(fixture.database.db, 3);
    for (const path of PAGES) {
      const response = await get(path);
      expect(response.status, path).toBe(303);
      expect(response.headers.get('location'), path).toBe('/console/login');
    }
    for (const path of ACTIONS) {
      const response = await post(path, { csrf: 'anything', frequency: 'daily' });
      expect(response.status, path).toBe(403);
    }
    // Nothing acted: no run was planned, no subscriber erased.
    expect(await createDeliveryStore(fixture.database.db).listRuns(10)).toEqual([]);
    expect(fixture.gazette.services.runs.dryRuns()).toEqual([]);
    expect((await fixture.gazette.services.subscriptions.list()).length).toBe(3);
  });

  it('signs in with the token into an HttpOnly, SameSite=Strict cookie that expires', async () => {
    const page = await get('/console/login');
    expect(await page.text()).toMatch(/<input type="password" id="token" name="token"/);
    const response = await post('/console/login', { token: ADMIN_TOKEN });
    expect(response.status).toBe(303);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Max-Age=\d+/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toMatch(/Secure/); // on 127.0.0.1 only
    const remote = await fixture.gazette.app.request('https://gazette.test/console/login', {
      method: 'POST',
      headers: FORM,
      body: form({ token: ADMIN_TOKEN }),
    });
    expect(remote.headers.get('set-cookie')).toMatch(/Secure/);
    // An https site behind a proxy on this machine that forwards as 127.0.0.1.
    const proxied = await consoleApp(fixture.database.db, fixture.sink.url, {
      GAZETTE_SITE_URL: 'https://gazette.test',
    });
    try {
      const behind = await proxied.app.request(`${LOCAL}/console/login`, {
        method: 'POST',
        headers: FORM,
        body: form({ token: ADMIN_TOKEN }),
      });
      expect(behind.headers.get('set-cookie')).toMatch(/Secure/);
    } finally {
      await proxied.close();
    }

    const session = cookie.split(';')[0] ?? '';
    const dashboard = await get('/console/', session);
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get('cache-control')).toBe('no-store');
  });

  it('leaves the JSON API to the bearer token: a console cookie opens nothing there', async () => {
    const { cookie } = await signIn(fixture.gazette.app);
    const withCookie = await get('/admin/runs', cookie);
    expect(withCookie.status).toBe(401);
    const withBearer = await fixture.gazette.app.request(`${LOCAL}/admin/runs`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(withBearer.status).toBe(200);
  });

  it('refuses a form without its CSRF token (403) and records the refusal', async () => {
    await seedSubscribers(fixture.database.db, 2);
    const { cookie, csrf } = await signIn(fixture.gazette.app);
    expect(csrf).not.toBe('');
    expect((await post('/console/send/dry-run', { frequency: 'daily' }, cookie)).status).toBe(403);
    expect(
      (await post('/console/send/dry-run', { frequency: 'daily', csrf: `${csrf}x` }, cookie))
        .status,
    ).toBe(403);
    expect((await post('/console/logout', {}, cookie)).status).toBe(403);
    expect(fixture.gazette.services.runs.dryRuns()).toEqual([]);
    const audit = await fixture.gazette.services.audit.recent(10);
    expect(audit.some((e) => e.action === 'send.dry-run' && e.status === 403)).toBe(true);
    // A console form is small: a huge one is refused before it is read.
    const huge = await post(
      '/console/send/dry-run',
      { frequency: 'daily', csrf, padding: 'x'.repeat(100_000) },
      cookie,
    );
    expect(huge.status).toBe(413);
    expect(fixture.gazette.services.runs.dryRuns()).toEqual([]);
    // The same form with the token acts.
    const ok = await post('/console/send/dry-run', { frequency: 'daily', csrf }, cookie);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toMatch(/^\/console\/runs\/dry-/);
  });

  it('refuses a wrong token, then rate-limits the client, even with the right one', async () => {
    for (let i = 0; i < 5; i++) {
      const wrong = await post('/console/login', { token: 'not the token at all, no' });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('set-cookie')).toBeNull();
    }
    const limited = await post('/console/login', { token: ADMIN_TOKEN });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('set-cookie')).toBeNull();
  });

  it('signs out: the session no longer opens a page', async () => {
    const { cookie, csrf } = await signIn(fixture.gazette.app);
    expect((await post('/console/logout', { csrf }, cookie)).status).toBe(200);
    expect((await get('/console/', cookie)).status).toBe(303);
    const actions = await fixture.gazette.services.audit.recent(10);
    expect(actions.map((a) => a.action)).toContain('console.sign-out');
  });

  it("ends a run's live progress stream when its session signs out", async () => {
    await seedSubscribers(fixture.database.db, 2);
    // Planned and never worked on: its stream would run on until the run finished.
    const run = await planTestRun(fixture.database.db, ['a1']);
    const { cookie, csrf } = await signIn(fixture.gazette.app);
    const events = await get(`/console/runs/${run.id}/events`, cookie);
    expect(events.status).toBe(200);
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toMatch(/event: progress/);
    expect((await post('/console/logout', { csrf }, cookie)).status).toBe(200);
    const started = Date.now();
    while (!(await reader.read()).done) {
      if (Date.now() - started > 5000) throw new Error('the stream outlived its session');
    }
  });

  it('shows the dashboard with charts, their tables and what needs a person', async () => {
    await seedSubscribers(fixture.database.db, 4);
    // A run planned an hour ago that no worker has touched since: stuck.
    const stuck = await createDeliveryStore(fixture.database.db).planRun(
      {
        kind: 'digest',
        frequency: 'weekly',
        categories: [],
        startedBy: 'test',
        now: new Date(Date.now() - 3_600_000),
        windowStart: null,
      },
      async () => null,
      { persist: true, messageId: () => '' },
    );
    const { cookie } = await signIn(fixture.gazette.app);
    const text = await (await get('/console/', cookie)).text();
    expect(text).toContain(`${stuck.id}</a> is planned with no worker`);
    expect(text).toMatch(/<svg class="chart" id="chart-growth"[^>]*role="img"/);
    expect(text).toMatch(/<svg class="chart" id="chart-sends"/);
    expect(text).toMatch(/<caption>Digests per day<\/caption>/);
    expect(text).toMatch(/broken\.txt/);
    expect(text).toMatch(/daily: /);
    expect(text).not.toMatch(/<script/);
  });

  it('sends a preview, a test, then a run whose page reaches 100 %', async () => {
    const [first] = await seedSubscribers(fixture.database.db, 5);
    const { cookie, csrf } = await signIn(fixture.gazette.app);
    const preview = await (
      await get(`/console/send?frequency=daily&email=${first?.email}`, cookie)
    ).text();
    expect(preview).toMatch(/This run would send <b>5<\/b> digests/);
    expect(preview).toMatch(
      /<iframe title="The digest at phone width" sandbox="" width="375" srcdoc="&lt;/,
    );
    expect(preview).toMatch(/<pre id="preview-text">/);

    const test = await post(
      '/console/send/test',
      { frequency: 'daily', to: 'me@example.org', csrf },
      cookie,
    );
    expect(test.status).toBe(200);
    await fixture.sink.waitFor(1);
    expect(fixture.sink.messages.at(-1)?.to).toMatchObject({ text: 'me@example.org' });

    const confirm = await (await get('/console/send/confirm?frequency=daily', cookie)).text();
    expect(confirm).toMatch(/This run will send <b>5<\/b> daily digests/);
    const before = fixture.sink.messages.length;
    const started = await post('/console/send/start', { frequency: 'daily', csrf }, cookie);
    expect(started.status).toBe(303);
    const runPath = started.headers.get('location') ?? '';
    const id = runPath.split('/').at(-1) ?? '';
    await fixture.sink.waitFor(before + 5);
    for (let i = 0; i < 100; i++) {
      if ((await fixture.gazette.services.runs.progress(id))?.finished) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const page = await (await get(runPath, cookie)).text();
    expect(page).toMatch(/<span id="run-percent">100<\/span>/);
    expect(page).toMatch(/id="run-status">done</);
    const events = await (await get(`${runPath}/events`, cookie)).text();
    expect(events).toMatch(/event: progress\ndata: \{.*"finished":true/);
    const audit = (await fixture.gazette.services.audit.recent(10)).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['send.start', 'send.test']));
  });

  it('a run started here keeps the configured hourly cap, as `gazette send` does', async () => {
    await seedSubscribers(fixture.database.db, 5);
    const capped = await consoleApp(fixture.database.db, fixture.sink.url, {
      GAZETTE_SEND_HOURLY_CAP: '2',
    });
    try {
      const { cookie, csrf } = await signIn(capped.app);
      const before = fixture.sink.messages.length;
      const started = await capped.app.request(`${LOCAL}/console/send/start`, {
        method: 'POST',
        headers: { ...FORM, cookie },
        body: form({ frequency: 'daily', csrf }),
        redirect: 'manual',
      });
      expect(started.status).toBe(303);
      const id = started.headers.get('location')?.split('/').at(-1) ?? '';
      const store = createDeliveryStore(fixture.database.db);
      // Two messages go out, then the run waits for the next hour with three still to send.
      await until(async () => (await store.counts(id)).sent === 2);
      await new Promise((r) => setTimeout(r, 300));
      expect(await store.getRun(id)).toMatchObject({ status: 'throttled', planned: 5 });
      expect((await store.counts(id)).sent).toBe(2);
      expect(fixture.sink.messages.length - before).toBe(2);
    } finally {
      await capped.close();
    }
  });

  it('cancels a planned run after a confirmation page, and retries failed deliveries', async () => {
    await seedSubscribers(fixture.database.db, 3);
    const { cookie, csrf } = await signIn(fixture.gazette.app);
    const article = fixture.gazette.site.current().articles[0]?.id ?? '';
    const store = createDeliveryStore(fixture.database.db);
    const run = await planTestRun(fixture.database.db, [article]);
    const confirm = await get(`/console/runs/${run.id}/confirm?action=cancel`, cookie);
    expect(await confirm.text()).toMatch(new RegExp(`action="/console/runs/${run.id}/cancel"`));
    const cancelled = await post(`/console/runs/${run.id}/cancel`, { csrf }, cookie);
    expect(cancelled.status).toBe(303);
    expect((await store.getRun(run.id))?.status).toBe('cancelled');
    expect((await store.counts(run.id)).skipped).toBe(3);

    // A failed delivery goes back to pending and the run is reopened.
    await fixture.database.db.kysely
      .updateTable('deliveries')
      .set({ status: 'failed', last_error: '550 5.1.1 no such user' })
      .where('run_id', '=', run.id)
      .execute();
    await fixture.database.db.kysely
      .updateTable('send_runs')
      .set({ status: 'done' })
      .where('id', '=', run.id)
      .execute();
    const page = await (await get(`/console/runs/${run.id}`, cookie)).text();
    expect(page).toMatch(/<td>550<\/td>/);
    const before = fixture.sink.messages.length;
    const retried = await post(`/console/runs/${run.id}/retry`, { csrf }, cookie);
    expect(retried.headers.get('location')).toBe(`/console/runs/${run.id}?retry=3`);
    await fixture.sink.waitFor(before + 3);
    for (let i = 0; i < 100; i++) {
      if ((await fixture.gazette.services.runs.progress(run.id))?.finished) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await store.counts(run.id)).toMatchObject({ sent: 3, failed: 0 });
    expect((await store.getRun(run.id))?.status).toBe('done');
  });

  it('pauses a run for every worker and resumes it through the serving send worker', async () => {
    await seedSubscribers(fixture.database.db, 4);
    const { cookie, csrf } = await signIn(fixture.gazette.app);
    const article = fixture.gazette.site.current().articles[0]?.id ?? '';
    const store = createDeliveryStore(fixture.database.db);
    const run = await planTestRun(fixture.database.db, [article]);
    const paused = await post(`/console/runs/${run.id}/pause`, { csrf }, cookie);
    expect(paused.headers.get('location')).toBe(`/console/runs/${run.id}?pause=1`);
    expect((await store.getRun(run.id))?.pausedAt).toBeInstanceOf(Date);
    const page = await (await get(`/console/runs/${run.id}`, cookie)).text();
    expect(page).toContain('planned, paused');
    expect(page).toContain('?action=resume');
    expect(page).not.toContain('?action=pause');
    const dashboard = await (await get('/console/', cookie)).text();
    expect(dashboard).toMatch(new RegExp(`${run.id}</a> is paused since`));

    // A send of the same frequency waits for the paused run, and says so.
    const refused = await post('/console/send/start', { csrf, frequency: 'daily' }, cookie);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('is paused: resume or cancel it first');

    const before = fixture.sink.messages.length;
    const resumed = await post(`/console/runs/${run.id}/resume`, { csrf }, cookie);
    expect(resumed.headers.get('location')).toBe(`/console/runs/${run.id}?resume=1`);
    await fixture.sink.waitFor(before + 4);
    for (let i = 0; i < 100; i++) {
      if ((await fixture.gazette.services.runs.progress(run.id))?.finished) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await store.getRun(run.id)).toMatchObject({ status: 'done', sent: 4, pausedAt: null });
    const audit = (await fixture.gazette.services.audit.recent(10)).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['runs.pause', 'runs.resume']));
  });

  it('pages, filters and opens subscribers; imports with a report; erases', async () => {
    await seedSubscribers(fixture.database.db, 120);
    const { cookie, csrf } = await signIn(fixture.gazette.app);
    const first = await (await get('/console/subscribers', cookie)).text();
    const next = /rel="next" href="([^"]+)"/.exec(first)?.[1]?.replace(/&amp;/g, '&') ?? '';
    expect(next).toMatch(/after=/);
    const second = await (await get(next, cookie)).text();
    const emails = (t: string) => [...t.matchAll(/">(user\d+@example\.org)</g)].map((m) => m[1]);
    expect(emails(first)).toHaveLength(50);
    expect(emails(second)).toHaveLength(50);
    expect(String(emails(second)[0]) > String(emails(first).at(-1))).toBe(true);
    const search = await (await get('/console/subscribers?q=user11', cookie)).text();
    expect(emails(search).every((e) => e?.startsWith('user11'))).toBe(true);
    expect(emails(await (await get('/console/subscribers?status=pending', cookie)).text())).toEqual(
      [],
    );

    const report = await (
      await post(
        '/console/subscribers/import',
        {
          csv: 'email,categories,frequency\nnew@example.org,,daily\nnot-an-address,,daily\n',
          csrf,
        },
        cookie,
      )
    ).text();
    expect(report).toMatch(/<td class="n">2<\/td><td>new@example.org<\/td><td>added<\/td>/);
    expect(report).toMatch(/<td class="n">3<\/td><td><\/td><td>[^<]+<\/td>/);

    const id = /href="\/console\/subscribers\/([^"/]+)">user0@/.exec(first)?.[1] ?? '';
    const one = await (await get(`/console/subscribers/${id}`, cookie)).text();
    expect(one).toMatch(/Consent evidence/);
    const csv = await (await get(`/console/subscribers/${id}/export.csv`, cookie)).text();
    expect(csv).toMatch(/user0@example\.org/);
    expect((await post(`/console/subscribers/${id}/erase`, { csrf }, cookie)).status).toBe(303);
    expect(await fixture.gazette.services.subscribers.findById(id)).toBeNull();
  });

  it('lists articles per category, the files that failed, and the feeds', async () => {
    const { cookie } = await signIn(fixture.gazette.app);
    const text = await (await get('/console/articles', cookie)).text();
    expect(text).toMatch(/broken\.txt/);
    expect(text).toMatch(/\/feeds\/all\.atom/);
    expect(text).toMatch(/<h2>Biz updates \(\d+\)<\/h2>/);
  });
});
