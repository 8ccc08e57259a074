import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, type ConsoleApp, consoleApp } from '../helpers/console-app.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';

const LOCAL = 'http://127.0.0.1';
const ATTACKER = '203.0.113.66';
/** What `@hono/node-server` hands the app for a request from `address`. */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

/**
 * Guessing the admin token, through either door: each client gets a few tries per window, and
 * once it is locked out its further tries neither reach the token nor grow the audit log.
 */
describe.each(databases)('brute force on the admin token, on $name', ({ create }) => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let gazette: ConsoleApp;

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
  });
  beforeEach(async () => {
    database = await create();
    gazette = await consoleApp(database.db, sink.url);
  });
  afterEach(async () => {
    await gazette?.close();
    await database?.drop();
  });

  const audit = () =>
    database.db.kysely
      .selectFrom('admin_audit')
      .select(['actor', 'action', 'status', 'ip', 'repeats'])
      .orderBy('id')
      .execute();
  const api = (token: string, address = ATTACKER) =>
    gazette.app.request(
      `${LOCAL}/admin/runs`,
      { headers: { authorization: `Bearer ${token}`, 'user-agent': 'x'.repeat(512) } },
      from(address),
    );

  it('the admin API locks a client out after 5 wrong tokens, even with the right one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await api(`guess-number-${i}-of-many`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    const locked = await api(ADMIN_TOKEN);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client is not held back by this one.
    expect((await api(ADMIN_TOKEN, '198.51.100.5')).status).toBe(200);
    const rows = (await audit()).filter((row) => row.ip === ATTACKER);
    expect(rows).toEqual([
      ...Array.from({ length: 5 }, () => ({
        actor: 'admin API',
        action: 'admin.sign-in',
        status: 401,
        ip: ATTACKER,
        repeats: 1,
      })),
      { actor: 'admin API', action: 'admin.sign-in', status: 429, ip: ATTACKER, repeats: 36 },
    ]);
  });

  it('console sign-ins refused while locked out are counted in one row, not one each', async () => {
    const attempt = () =>
      gazette.app.request(
        `${LOCAL}/console/login`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'user-agent': 'y'.repeat(512),
          },
          body: new URLSearchParams({ token: 'not-the-admin-token' }).toString(),
        },
        from(ATTACKER),
      );
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await attempt()).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(45);
    const rows = await audit();
    expect(rows).toHaveLength(6);
    expect(rows.at(-1)).toMatchObject({ action: 'console.sign-in', status: 429, repeats: 45 });
  });
});
