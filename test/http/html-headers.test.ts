import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleApp, consoleApp, signIn } from '../helpers/console-app.js';
import { createSqlite, type TestDatabase } from '../helpers/db.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';

const LOCAL = 'http://127.0.0.1';

/**
 * Every HTML answer says what it is (no sniffing), what it may run and load (a CSP), and that no
 * other site may frame it (clickjacking an operator's button, or a reader's).
 */
describe('the headers of every HTML answer', () => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let gazette: ConsoleApp;
  let cookie: string;

  beforeAll(async () => {
    database = await createSqlite();
    sink = await startSmtpSink();
    gazette = await consoleApp(database.db, sink.url);
    ({ cookie } = await signIn(gazette.app));
  });
  afterAll(async () => {
    await gazette?.close();
    await sink?.close();
    await database?.drop();
  });

  it('public pages, console pages and error pages alike', async () => {
    const slug = gazette.site.published().articles[0]?.slug;
    expect(slug).toBeDefined();
    const paths = [
      '/',
      `/articles/${slug}`,
      '/subscribe',
      '/manage',
      '/confirm?token=nonsense',
      '/unsubscribe?token=nonsense',
      '/console/login',
      '/console/',
      '/console/runs',
      '/console/send',
      '/console/subscribers',
      '/console/articles',
      '/console/audit',
    ];
    for (const path of paths) {
      // Signed in, the sign-in page redirects to the dashboard.
      const headers: Record<string, string> = path === '/console/login' ? {} : { cookie };
      const response = await gazette.app.request(`${LOCAL}${path}`, { headers });
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/(^|;\s*)default-src 'none'/);
      expect(csp, path).toMatch(/(^|;\s*)frame-ancestors 'none'/);
      expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    }
  });

  it("the console's scripts are allowed by hash, one per script, and nothing else runs", async () => {
    const response = await gazette.app.request(`${LOCAL}/console/`, { headers: { cookie } });
    const csp = response.headers.get('content-security-policy') ?? '';
    const scripts = /script-src ([^;]+)/.exec(csp)?.[1]?.trim().split(/\s+/) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const source of scripts) expect(source).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
  });
});
