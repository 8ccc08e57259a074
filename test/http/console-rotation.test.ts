import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, type ConsoleApp, consoleApp, signIn } from '../helpers/console-app.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';

const LOCAL = 'http://127.0.0.1';
const ROTATED = 'the-new-admin-token-after-a-leak';

/**
 * The admin token leaked and the operator rotated it (a restart with a new
 * `GAZETTE_ADMIN_TOKEN`). A console session opened with the old token must end with it: the
 * cookie would otherwise keep export, send and import for hours.
 */
describe.each(databases)(
  'console sessions after the admin token changes, on $name',
  ({ create }) => {
    let database: TestDatabase;
    let sink: SmtpSink;
    const apps: ConsoleApp[] = [];

    beforeAll(async () => {
      sink = await startSmtpSink();
    });
    afterAll(async () => {
      await sink?.close();
    });
    beforeEach(async () => {
      database = await create();
    });
    afterEach(async () => {
      for (const app of apps.splice(0)) await app.close();
      await database?.drop();
    });

    const start = async (token: string) => {
      const app = await consoleApp(database.db, sink.url, { GAZETTE_ADMIN_TOKEN: token });
      apps.push(app);
      return app;
    };
    const get = (server: ConsoleApp, path: string, cookie: string) =>
      server.app.request(`${LOCAL}${path}`, { headers: { cookie } });

    it('a cookie signed in with the old token opens nothing after the rotation', async () => {
      const before = await start(ADMIN_TOKEN);
      const { cookie, csrf } = await signIn(before.app);
      expect((await get(before, '/console/subscribers/export.csv', cookie)).status).toBe(200);

      const after = await start(ROTATED);
      for (const path of ['/console/', '/console/subscribers', '/console/subscribers/export.csv']) {
        const response = await get(after, path, cookie);
        expect(response.status, path).toBe(303);
        expect(response.headers.get('location')).toBe('/console/login');
      }
      const send = await after.app.request(`${LOCAL}/console/send/start`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, frequency: 'daily' }).toString(),
      });
      expect(send.status).toBe(403);
      // And it stays ended: going back to the old token does not revive it.
      expect((await get(before, '/console/', cookie)).status).toBe(303);
      const rows = await database.db.kysely.selectFrom('console_sessions').selectAll().execute();
      expect(rows).toHaveLength(0);
    });

    it('"Sign out everywhere" ends every session, this one included', async () => {
      const server = await start(ADMIN_TOKEN);
      const mine = await signIn(server.app);
      const other = await signIn(server.app);
      const dashboard = await (await get(server, '/console/', mine.cookie)).text();
      expect(dashboard).toContain('Sign out everywhere');
      const refused = await server.app.request(`${LOCAL}/console/logout-everywhere`, {
        method: 'POST',
        headers: { cookie: mine.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({}).toString(),
      });
      expect(refused.status).toBe(403);
      expect((await get(server, '/console/', other.cookie)).status).toBe(200);
      const done = await server.app.request(`${LOCAL}/console/logout-everywhere`, {
        method: 'POST',
        headers: { cookie: mine.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf: mine.csrf }).toString(),
      });
      expect(done.status).toBe(200);
      expect(await done.text()).toContain('Signed out everywhere');
      for (const session of [mine, other]) {
        expect((await get(server, '/console/', session.cookie)).status).toBe(303);
      }
      const audit = await database.db.kysely
        .selectFrom('admin_audit')
        .select(['action', 'status', 'detail'])
        .where('action', '=', 'console.sign-out-everywhere')
        .orderBy('id')
        .execute();
      expect(audit).toMatchObject([{ status: 403 }, { status: 200, detail: '{"ended":2}' }]);
    });
  },
);
