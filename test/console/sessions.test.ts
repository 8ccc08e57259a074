import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/store/index.js';
import { ADMIN_TOKEN, type ConsoleApp, consoleApp, signIn } from '../helpers/console-app.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';

const LOCAL = 'http://127.0.0.1';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** What `@hono/node-server` hands the app for a request from `address`. */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

/** Every value in every table of the database, as one string. */
async function everything(db: Db): Promise<string> {
  const tables =
    db.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
          db.kysely,
        )
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema()`.execute(db.kysely);
  const dump: unknown[] = [];
  for (const { name } of tables.rows) {
    dump.push((await sql`select * from ${sql.table(name)}`.execute(db.kysely)).rows);
  }
  return JSON.stringify(dump);
}

/**
 * Two console servers on one database, each with its own connection, as two `gazette serve`
 * replicas behind a load balancer (or one server before and after a restart).
 */
describe.each(databases)('console sessions shared by two servers on $name', ({ create }) => {
  let database: TestDatabase;
  let secondDb: Db;
  let sink: SmtpSink;
  let one: ConsoleApp;
  let two: ConsoleApp;

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
  });
  beforeEach(async () => {
    database = await create();
    secondDb = await openDatabase(database.url);
    one = await consoleApp(database.db, sink.url);
    two = await consoleApp(secondDb, sink.url);
  });
  afterEach(async () => {
    await two?.close();
    await one?.close();
    await secondDb?.close();
    await database?.drop();
  });

  const get = (server: ConsoleApp, path: string, cookie: string) =>
    server.app.request(`${LOCAL}${path}`, { headers: { cookie }, redirect: 'manual' });
  const post = (
    server: ConsoleApp,
    path: string,
    fields: Record<string, string>,
    cookie = '',
    env?: object,
  ) =>
    server.app.request(
      `${LOCAL}${path}`,
      {
        method: 'POST',
        headers: { ...FORM, cookie },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      },
      env,
    );
  const csrfOn = async (server: ConsoleApp, cookie: string) =>
    /name="csrf" value="([^"]+)"/.exec(await (await get(server, '/console/', cookie)).text())?.[1];

  it('accepts on one server a session started on the other, with the same CSRF token', async () => {
    const { cookie, csrf } = await signIn(one.app);
    expect(cookie).toMatch(/^gazette_console=./);
    const page = await get(two, '/console/', cookie);
    expect(page.status).toBe(200);
    expect(await csrfOn(two, cookie)).toBe(csrf);
    // A form from the first server's page acts on the second.
    const dryRun = await post(two, '/console/send/dry-run', { frequency: 'daily', csrf }, cookie);
    expect(dryRun.status).toBe(303);
    expect(dryRun.headers.get('location')).toMatch(/^\/console\/runs\/dry-/);
    // Signed in already: the second server's sign-in page sends the browser on.
    expect((await get(two, '/console/login', cookie)).status).toBe(303);
  });

  it('keeps a session across a restart of the server that started it', async () => {
    const { cookie } = await signIn(one.app);
    await one.close();
    one = await consoleApp(database.db, sink.url);
    expect((await get(one, '/console/', cookie)).status).toBe(200);
  });

  it('signs out on one server and the session is over on the other', async () => {
    const { cookie, csrf } = await signIn(one.app);
    expect((await get(two, '/console/', cookie)).status).toBe(200);
    expect((await post(two, '/console/logout', { csrf }, cookie)).status).toBe(200);
    for (const server of [one, two]) {
      const page = await get(server, '/console/', cookie);
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/console/login');
      const form = await post(
        server,
        '/console/send/dry-run',
        { frequency: 'daily', csrf },
        cookie,
      );
      expect(form.status).toBe(403);
    }
    expect(await database.db.kysely.selectFrom('console_sessions').selectAll().execute()).toEqual(
      [],
    );
  });

  it('sends an expired session to sign in, and forgets it', async () => {
    const { cookie } = await signIn(one.app);
    await database.db.kysely
      .updateTable('console_sessions')
      .set({ expires_at: Date.now() - 1 })
      .execute();
    const page = await get(two, '/console/', cookie);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/console/login');
    expect(await database.db.kysely.selectFrom('console_sessions').selectAll().execute()).toEqual(
      [],
    );
    expect((await get(one, '/console/', cookie)).status).toBe(303);
  });

  it('never writes the cookie or the CSRF token to the database', async () => {
    const { cookie, csrf } = await signIn(one.app);
    const value = cookie.slice('gazette_console='.length);
    expect(value.length).toBeGreaterThanOrEqual(40);
    expect(csrf.length).toBeGreaterThanOrEqual(40);
    // Use the session on both servers, so that every write a request makes has happened.
    await post(two, '/console/send/dry-run', { frequency: 'daily', csrf }, cookie);
    await post(one, '/console/send/dry-run', { frequency: 'daily', csrf: 'wrong' }, cookie);
    const dump = await everything(database.db);
    expect(dump).toContain('console_sessions');
    expect(dump).not.toContain(value);
    expect(dump).not.toContain(csrf);
    // What is stored is the cookie's SHA-256 (so a dump cannot be replayed as a cookie).
    const stored = await database.db.kysely
      .selectFrom('console_sessions')
      .select('id_hash')
      .execute();
    expect(stored).toEqual([{ id_hash: createHash('sha256').update(value).digest('hex') }]);
    const replayed = await get(two, '/console/', `gazette_console=${stored[0]?.id_hash}`);
    expect(replayed.status).toBe(303);
  });

  it('counts failed sign-ins from one client on both servers: the sixth try gets 429', async () => {
    const client = from('203.0.113.7');
    const wrong = { token: 'not the token at all, no' };
    for (const server of [one, two, one, two]) {
      expect((await post(server, '/console/login', wrong, '', client)).status).toBe(401);
    }
    // Four failures are not yet a reason to refuse the right token.
    const fine = await post(
      two,
      '/console/login',
      { token: ADMIN_TOKEN },
      '',
      from('198.51.100.2'),
    );
    expect(fine.status).toBe(303);
    expect((await post(one, '/console/login', wrong, '', client)).status).toBe(401);
    for (const server of [one, two]) {
      const refused = await post(server, '/console/login', { token: ADMIN_TOKEN }, '', client);
      expect(refused.status).toBe(429);
      const wait = Number(refused.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(14 * 60);
      expect(wait).toBeLessThanOrEqual(15 * 60);
      expect(refused.headers.get('set-cookie')).toBeNull();
    }
    // Another client signs in on either server.
    const other = await post(
      one,
      '/console/login',
      { token: ADMIN_TOKEN },
      '',
      from('198.51.100.2'),
    );
    expect(other.status).toBe(303);
    // The two refusals are counted in one row (a row a minute per client), whichever server.
    const audit = await one.services.audit.recent(20);
    expect(audit.filter((e) => e.status === 429).map((e) => [e.ip, e.repeats])).toEqual([
      ['203.0.113.7', 2],
    ]);
  });
});
