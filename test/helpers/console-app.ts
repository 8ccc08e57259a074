import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createAdminBackend } from '../../src/app/admin.js';
import {
  createLiveSite,
  createSending,
  type LiveSite,
  openSubscriptions,
} from '../../src/app/index.js';
import { loadConfig } from '../../src/config.js';
import { type ConsoleServices, createConsoleServices } from '../../src/console/index.js';
import { createApp, createMetrics } from '../../src/http/index.js';
import { createLogger } from '../../src/log.js';
import type { Db } from '../../src/store/index.js';
import type { TestDatabase } from './db.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

export const ADMIN_TOKEN = 'console-test-token-of-enough-length';

export interface ConsoleApp {
  app: Hono;
  site: LiveSite;
  services: ConsoleServices;
  close(): Promise<void>;
}

/** The app as `gazette serve` builds it, with the console on, the seed articles, and `db`. */
export async function consoleApp(
  db: Db,
  smtpUrl: string,
  env: Record<string, string> = {},
): Promise<ConsoleApp> {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-console-'));
  cpSync('articles', join(dir, 'articles'), { recursive: true });
  // One file that cannot be parsed: the console must show it as needing a person.
  writeFileSync(join(dir, 'articles', 'broken.txt'), 'Home>\n');
  const config = loadConfig({
    GAZETTE_SECRET: 'console test secret, sixteen plus',
    GAZETTE_SITE_URL: 'http://gazette.test',
    GAZETTE_SMTP_URL: smtpUrl,
    GAZETTE_FROM: 'Gazette Test <news@gazette.test>',
    GAZETTE_ADMIN_TOKEN: ADMIN_TOKEN,
    GAZETTE_ARTICLES_DIR: join(dir, 'articles'),
    GAZETTE_DATA_DIR: join(dir, 'data'),
    GAZETTE_TIMEZONE: 'Europe/Berlin',
    ...env,
  });
  const logger = createLogger('silent');
  const site = createLiveSite({ config, logger });
  await site.rebuild();
  const categories = () => site.current().categories;
  const subscriptions = await openSubscriptions(config, db, categories, { resendAfterMs: 0 });
  // The runner of `gazette serve`, without its scheduler's start: runs go through it.
  const metrics = createMetrics({ subscriberCounts: async () => ({}) });
  const sending = await createSending({ config, db, logger, metrics, jobs: [] });
  const services = createConsoleServices({
    db,
    runner: sending.runner,
    subscriptions: subscriptions.service,
    sendDeps: sending.sendDeps,
  });
  const app = createApp({
    config,
    logger,
    site,
    subscriptions: subscriptions.service,
    console: services,
    admin: createAdminBackend({
      config,
      db,
      runs: sending.store,
      runner: sending.runner,
      site,
    }),
  });
  return {
    app,
    site,
    services,
    close: async () => {
      await sending.stop();
      subscriptions.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the form; returns the cookie header and the session's CSRF token. */
export async function signIn(app: Hono): Promise<{ cookie: string; csrf: string }> {
  const response = await app.request('http://127.0.0.1/console/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: ADMIN_TOKEN }).toString(),
  });
  const setCookie = response.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  const page = await app.request('http://127.0.0.1/console/', { headers: { cookie } });
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  return { cookie, csrf };
}

export interface ConsoleFixture {
  readonly database: TestDatabase;
  readonly sink: SmtpSink;
  readonly gazette: ConsoleApp;
  /** Set with `signedIn`: the cookie and CSRF token of a session made for the test. */
  readonly session: { cookie: string; csrf: string };
}

/**
 * For each test of the enclosing `describe`: a fresh database (from `create`) and console app,
 * signed in first when asked. One SMTP sink serves the whole block.
 */
export function freshConsoleApp(
  create: () => Promise<TestDatabase>,
  options: { signedIn?: boolean } = {},
): ConsoleFixture {
  const fixture = { session: { cookie: '', csrf: '' } } as {
    -readonly [K in keyof ConsoleFixture]: ConsoleFixture[K];
  };
  beforeAll(async () => {
    fixture.sink = await startSmtpSink();
  });
  afterAll(async () => {
    await fixture.sink?.close();
  });
  beforeEach(async () => {
    fixture.database = await create();
    fixture.gazette = await consoleApp(fixture.database.db, fixture.sink.url);
    if (options.signedIn) fixture.session = await signIn(fixture.gazette.app);
  });
  afterEach(async () => {
    await fixture.gazette?.close();
    await fixture.database?.drop();
  });
  return fixture;
}
