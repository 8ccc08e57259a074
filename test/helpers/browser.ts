/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Callbacks passed to page.evaluate run in the browser, where the DOM types apply.
import { mkdirSync } from 'node:fs';
import type { Hono } from 'hono';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { listen, type RunningServer } from '../../src/http/index.js';
import type { Db } from '../../src/store/index.js';
import { createSqlite, type TestDatabase } from './db.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

/** Debian's Chromium: playwright-core drives it; no browser is downloaded. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where browser tests keep their screenshots. */
export const ARTIFACTS = 'test-artifacts';

/** Headless, as root in a container, and without the background traffic a closed network refuses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface ServedInChromium<App> {
  readonly database: TestDatabase;
  readonly sink: SmtpSink;
  readonly gazette: App;
  /** The server's base URL, `http://127.0.0.1:PORT`. */
  readonly base: string;
  readonly browser: Browser;
}

/**
 * For the enclosing `describe`: an app (from `makeApp`, after `seed`) on a fresh SQLite database,
 * sending into an SMTP sink, served on a free port, and a Chromium to drive it.
 */
export function servedInChromium<App extends { app: Hono; close(): unknown }>(
  makeApp: (db: Db, smtpUrl: string) => Promise<App>,
  seed: (db: Db) => Promise<unknown> = async () => {},
): ServedInChromium<App> {
  const served = {} as { -readonly [K in keyof ServedInChromium<App>]: ServedInChromium<App>[K] };
  let server: RunningServer;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    served.database = await createSqlite();
    await seed(served.database.db);
    served.sink = await startSmtpSink();
    served.gazette = await makeApp(served.database.db, served.sink.url);
    server = await listen(served.gazette.app, 0, '127.0.0.1');
    served.base = `http://127.0.0.1:${server.port}`;
    served.browser = await launchChromium();
  });
  afterAll(async () => {
    await served.browser?.close();
    await server?.close();
    await served.gazette?.close();
    await served.sink?.close();
    await served.database?.drop();
  });
  return served;
}

/** No horizontal scrolling at `width` px, and every visible form control has a label. */
export async function expectFitsAndLabelled(page: Page, name: string, width = 375) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide, `${name} is ${wide}px wide at ${width}`).toBeLessThanOrEqual(width);
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter((input) => (input as HTMLInputElement).labels?.length === 0)
      .map((input) => input.outerHTML),
  );
  expect(unlabelled).toEqual([]);
}
