import { describe, expect, it } from 'vitest';
import { type AuditEntry, recordAudit } from '../../src/store/index.js';
import { freshConsoleApp } from '../helpers/console-app.js';
import { databases } from '../helpers/db.js';

const LOCAL = 'http://127.0.0.1';
const API = 'ops (token 1a2b3c4d)';
const T0 = Date.parse('2024-06-21T10:00:00Z');

/** The rows of an audit page as the operator reads them. */
function rowsOf(page: string) {
  const row =
    /<tr><td class="when"><time datetime="([^"]+)">([^<]*)<\/time><\/td><td><a [^>]+>([^<]*)<\/a><\/td><td><a [^>]+>([^<]*)<\/a><\/td><td>([^<]*)<\/td><td class="n">(\d+)<\/td>/g;
  return [...page.matchAll(row)].map(([, iso, shown, actor, action, target, status]) => ({
    iso,
    shown,
    actor,
    action,
    target,
    status: Number(status),
  }));
}

const nextLink = (page: string) =>
  /<a rel="next" href="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');

describe.each(databases)('the console audit log on $name', ({ create }) => {
  const fixture = freshConsoleApp(create, { signedIn: true });

  const get = async (path: string) => {
    const response = await fixture.gazette.app.request(`${LOCAL}${path}`, {
      headers: { cookie: fixture.session.cookie },
    });
    expect(response.status, path).toBe(200);
    return response.text();
  };
  const record = (entry: Partial<AuditEntry> & { at: Date }) =>
    recordAudit(fixture.database.db, {
      actor: API,
      action: 'runs.list',
      target: null,
      status: 200,
      detail: null,
      ip: '192.0.2.7',
      userAgent: 'curl/8.5.0',
      ...entry,
    });

  it('needs a session, and is in the console navigation', async () => {
    const anonymous = await fixture.gazette.app.request(`${LOCAL}/console/audit`, {
      redirect: 'manual',
    });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/console/login');
    const dashboard = await get('/console/');
    expect(dashboard).toContain('<li><a href="/console/audit">Audit log</a></li>');
  });

  it('lists entries newest first, in the operator zone, with every column and a readable detail', async () => {
    await record({ at: new Date(T0), action: 'runs.show', target: 'run-1', status: 404 });
    await record({
      at: new Date(T0 + 60_000),
      action: 'sends.create',
      target: 'run-2',
      status: 201,
      detail: { frequency: 'daily', categories: ['biz-updates', 'industrial-parks'], note: '<b>' },
    });
    // A detail cut at 2,000 characters when written is no longer JSON: shown as text.
    await fixture.database.db.kysely
      .insertInto('admin_audit')
      .values({
        at: T0 - 60_000,
        actor: API,
        action: 'preview',
        target: null,
        status: 200,
        detail: '{"email":"cut-off',
        ip: null,
        user_agent: null,
      })
      .execute();

    const page = await get('/console/audit');
    expect(page).toMatch(
      /<table class="audit" id="audit"><caption>Audit log, newest first<\/caption>/,
    );
    for (const header of [
      'Time',
      'Actor',
      'Action',
      'Target',
      'Status',
      'Client address',
      'Browser',
      'Detail',
    ]) {
      expect(page).toMatch(new RegExp(`<th scope="col"[^>]*>${header}</th>`));
    }
    const rows = rowsOf(page);
    // The sign-in that opened this session is the newest; the seeded ones follow by time.
    expect(rows.map((r) => r.action)).toEqual([
      'console.sign-in',
      'sends.create',
      'runs.show',
      'preview',
    ]);
    expect(rows[0]).toMatchObject({ actor: 'console', status: 303 });
    // GAZETTE_TIMEZONE is Europe/Berlin in these tests: 10:01 UTC is 12:01 there (summer).
    expect(rows[1]).toMatchObject({
      iso: '2024-06-21T10:01:00.000Z',
      shown: '21 Jun 2024, 12:01',
      actor: API,
      target: 'run-2',
      status: 201,
    });
    expect(page).toContain('<td>192.0.2.7</td><td class="ua">curl/8.5.0</td>');
    expect(page).toContain(
      '<dl class="detail"><dt>frequency</dt><dd>daily</dd><dt>categories</dt><dd>biz-updates, industrial-parks</dd><dt>note</dt><dd>&lt;b&gt;</dd></dl>',
    );
    expect(page).toContain('<dt>unparsed</dt><dd>{&quot;email&quot;:&quot;cut-off</dd>');
    expect(page).not.toMatch(/rel="next"/);
  });

  it('filters by actor, action and status class, and keeps the filters in the form', async () => {
    await record({ at: new Date(T0), action: 'runs.list', status: 200 });
    await record({ at: new Date(T0 + 1), action: 'runs.show', status: 404 });
    await record({ at: new Date(T0 + 2), action: 'sends.create', status: 201 });
    await record({ at: new Date(T0 + 3), action: 'sends.create', status: 409 });
    await record({ at: new Date(T0 + 4), actor: 'console', action: 'send.start', status: 403 });
    await record({ at: new Date(T0 + 5), actor: 'console', action: 'send.start', status: 303 });

    const actions = async (query: string) =>
      rowsOf(await get(`/console/audit?${query}`)).map((r) => `${r.action} ${r.status}`);
    expect(await actions(`actor=${encodeURIComponent(API)}`)).toEqual([
      'sends.create 409',
      'sends.create 201',
      'runs.show 404',
      'runs.list 200',
    ]);
    expect(await actions('action=sends.create')).toEqual(['sends.create 409', 'sends.create 201']);
    expect(await actions('outcome=refused&actor=console')).toEqual(['send.start 403']);
    expect(await actions('outcome=success&actor=console')).toEqual([
      'console.sign-in 303',
      'send.start 303',
    ]);
    expect(await actions(`outcome=refused&actor=${encodeURIComponent(API)}`)).toEqual([
      'sends.create 409',
      'runs.show 404',
    ]);
    expect(await actions('action=no.such-action')).toEqual([]);

    const page = await get('/console/audit?action=sends.create&outcome=refused');
    expect(page).toMatch(
      /<label for="action">Action<\/label><input type="text" id="action" name="action" value="sends.create"/,
    );
    expect(page).toMatch(
      /<label for="actor">Actor<\/label><input type="text" id="actor" name="actor" value=""/,
    );
    expect(page).toMatch(
      /<label for="outcome">Status<\/label><select id="outcome" name="outcome">/,
    );
    expect(page).toMatch(/<option value="refused" selected>refused \(4xx, 5xx\)<\/option>/);
    expect(page).toContain(
      '<caption>Audit log, newest first, action sends.create, refused (4xx, 5xx)</caption>',
    );
    // Each actor links to the log filtered by it, keeping the other filters.
    expect(page).toContain(
      `<a href="/console/audit?actor=ops+%28token+1a2b3c4d%29&amp;action=sends.create&amp;outcome=refused">`,
    );
  });

  it('pages by keyset: every entry once, in order, even as new entries arrive', async () => {
    // 130 entries, three to a millisecond: the id has to break every tie.
    const total = 130;
    for (let i = 0; i < total; i++) {
      await record({
        at: new Date(T0 + Math.floor(i / 3)),
        target: `t${i}`,
        status: i % 4 === 0 ? 403 : 200,
      });
    }
    const walk = async (first: string) => {
      const seen: string[] = [];
      let path: string | undefined = first;
      let pages = 0;
      while (path) {
        const page = await get(path);
        const rows = rowsOf(page).filter((r) => r.actor === API);
        expect(rows.length).toBeLessThanOrEqual(50);
        seen.push(...rows.map((r) => r.target ?? ''));
        pages++;
        if (pages === 1) {
          expect(page).not.toContain('Newest entries');
          // Entries written after page 1 was shown must not push rows into page 2 again.
          for (let i = 0; i < 5; i++)
            await record({ at: new Date(Date.now() + i), target: `late${i}` });
        } else {
          expect(page).toMatch(/>Newest entries</);
        }
        path = nextLink(page);
        expect(pages).toBeLessThan(10);
      }
      return { seen, pages };
    };

    const everything = await walk(`/console/audit?actor=${encodeURIComponent(API)}`);
    const expected = Array.from({ length: total }, (_, i) => `t${total - 1 - i}`);
    expect(everything.pages).toBe(3);
    expect(everything.seen).toEqual(expected);

    const refused = await walk(`/console/audit?actor=${encodeURIComponent(API)}&outcome=refused`);
    expect(refused.seen).toEqual(expected.filter((t) => Number(t.slice(1)) % 4 === 0));
    expect(refused.pages).toBe(1);

    // The unfiltered walk sees the late entries on its first page, then each older entry once.
    const all = await walk('/console/audit');
    expect(all.seen.filter((t) => t.startsWith('t'))).toEqual(expected);
  });

  it('shows the newest page for a cursor it cannot read', async () => {
    await record({ at: new Date(T0), target: 'only' });
    for (const before of ['x', '1.2.3', '-1.5', `${T0}`]) {
      expect(rowsOf(await get(`/console/audit?before=${before}`)).map((r) => r.target)).toContain(
        'only',
      );
    }
    expect(rowsOf(await get(`/console/audit?before=${T0}.1`))).toEqual([]);
  });
});
