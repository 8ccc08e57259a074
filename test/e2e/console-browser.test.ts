/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Callbacks passed to page.evaluate run in the browser, where the DOM types apply.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  CHROMIUM,
  expectFitsAndLabelled,
  servedInChromium,
} from '../helpers/browser.js';
import { ADMIN_TOKEN, consoleApp } from '../helpers/console-app.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';
import { hasTool } from '../helpers/tools.js';

describe.runIf(hasTool(CHROMIUM, 'chromium'))('the console in Chromium', () => {
  const served = servedInChromium(
    consoleApp,
    // Enough subscribers that a dry run takes a moment: the bar has somewhere to go.
    (db) => seedSubscribers(db, 3000),
  );

  /** Screenshots at both widths; nothing wider than the phone; every control labelled. */
  async function check(page: Page, name: string) {
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${ARTIFACTS}/console-${name}-${width}.png`, fullPage: true });
    }
    await expectFitsAndLabelled(page, name);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  it('signs in, sees the charts, watches a dry run reach 100 %, opens a subscriber, imports a file, reads the audit log, signs out', async () => {
    const context = await served.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });

    await page.goto(`${served.base}/console/`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await check(page, 'login');
    // Keyboard only: the token field has focus, Enter submits.
    await page.keyboard.type(ADMIN_TOKEN);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${served.base}/console/`);
    const cookie = (await context.cookies()).find((c) => c.name === 'gazette_console');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    const charts = page.locator('svg.chart[role=img]');
    expect(await charts.count()).toBe(2);
    expect(await page.locator('#chart-growth title').textContent()).toMatch(/Subscribers/);
    expect(await page.locator('.card b').first().textContent()).toBe('3000');
    await check(page, 'dashboard');

    await page.getByRole('link', { name: 'Send', exact: true }).click();
    await page.getByLabel('daily').check();
    await page.getByRole('button', { name: 'Show reach and preview' }).click();
    expect(await page.locator('#reach').textContent()).toMatch(/3000 confirmed daily/);
    await check(page, 'send');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.waitForURL(/\/console\/runs\/dry-/);
    // A mark on this document: if the page reloaded, it would be gone.
    await page.evaluate(() => {
      (window as unknown as { mark: number }).mark = 1;
    });
    await page.waitForFunction(
      () => document.getElementById('run-percent')?.textContent === '100',
      undefined,
      { timeout: 20_000 },
    );
    const bar = await page.evaluate(() => {
      const p = document.getElementById('run-progress') as HTMLProgressElement;
      return { value: p.value, max: p.max, mark: (window as unknown as { mark?: number }).mark };
    });
    expect(bar).toEqual({ value: 3000, max: 3000, mark: 1 });
    expect(await page.locator('#run-status').textContent()).toBe('done');
    await check(page, 'run');

    await page.getByRole('link', { name: 'Subscribers' }).click();
    await page.getByLabel('Search addresses').fill('user42@');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('link', { name: 'user42@example.org' }).click();
    expect(await page.locator('h1').textContent()).toBe('user42@example.org');
    expect(await page.getByText('Consent evidence').count()).toBe(1);
    await check(page, 'subscriber');

    // Import by file: the browser sends the form as multipart, with its CSRF field.
    await page.getByRole('link', { name: 'Subscribers', exact: true }).click();
    await page.getByRole('link', { name: 'Import from CSV' }).click();
    await check(page, 'import');
    await page.getByLabel('CSV file').setInputFiles({
      name: 'from-browser.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        '\uFEFFemail,categories,frequency\r\nnew@example.org,,weekly\r\nnope,,daily\r\n',
      ),
    });
    await page.getByLabel('Already confirmed').check();
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForSelector('#import-report');
    expect(await page.getByRole('status').textContent()).toBe(
      'Added 1 of 2 rows from from-browser.csv.',
    );
    expect(await page.locator('#import-report tbody tr').allTextContents()).toEqual([
      '2new@example.orgadded',
      expect.stringMatching(/^3email: not a valid address/),
    ]);

    // The import is the newest entry of the audit log; the table scrolls inside its own box.
    await page.getByRole('link', { name: 'Audit log' }).click();
    const newest = page.locator('#audit tbody tr').first();
    expect(await newest.locator('td').nth(2).textContent()).toBe('subscribers.import');
    expect(await newest.locator('td.detail').textContent()).toMatch(/filefrom-browser\.csv/);
    await page.getByLabel('Action').fill('subscribers.import');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.locator('#audit tbody tr').count()).toBe(1);
    await check(page, 'audit');

    // A long unconfirmed list goes to the background: its page follows it, then shows the report.
    await page.getByRole('link', { name: 'Subscribers', exact: true }).click();
    await page.getByRole('link', { name: 'Import from CSV' }).click();
    const readers = Array.from({ length: 250 }, (_, i) => `reader${i}@example.org,,daily`);
    await page.getByLabel('CSV file').setInputFiles({
      name: 'long.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['email,categories,frequency', ...readers].join('\n')),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(/\/console\/subscribers\/imports\/import-/);
    await page.waitForSelector('#import-report', { timeout: 60_000 });
    expect(await page.getByRole('status').textContent()).toBe(
      'Added 250 of 250 rows from long.csv.',
    );

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForSelector('text=Signed out');
    await page.goto(`${served.base}/console/`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await context.close();
  }, 60_000);
});
