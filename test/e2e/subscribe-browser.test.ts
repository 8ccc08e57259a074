/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Callbacks passed to page.evaluate run in the browser, where the DOM types apply.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { subscriberLinks } from '../../src/subscribers/index.js';
import {
  ARTIFACTS,
  CHROMIUM,
  expectFitsAndLabelled,
  servedInChromium,
} from '../helpers/browser.js';
import { linkIn, SITE_URL, subscriptionApp } from '../helpers/subscription-app.js';
import { hasTool } from '../helpers/tools.js';

describe.runIf(hasTool(CHROMIUM, 'chromium'))('the subscription pages in Chromium', () => {
  const served = servedInChromium(subscriptionApp);

  /** A phone-sized page; fails the test on any script error or console error. */
  async function phone(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
    const page = await served.browser.newPage({
      viewport: { width: 375, height: 740 },
      timezoneId: 'Europe/Berlin',
      ...options,
    });
    page.on('pageerror', (error) => {
      throw error;
    });
    return page;
  }

  /** No horizontal scrolling at 375 px, and every visible control has a label. */
  async function checkLayout(page: Page, name: string) {
    await page.screenshot({ path: `${ARTIFACTS}/subscribe-${name}-375.png`, fullPage: true });
    await expectFitsAndLabelled(page, name);
  }

  it('fills in and submits the subscribe form, on a 375 px phone, with one tiny script', async () => {
    const page = await phone();
    await page.goto(`${served.base}/subscribe`);
    // The only script fills in the reader's time zone, allowed by its hash in the CSP.
    expect(await page.evaluate(() => document.scripts.length)).toBe(1);
    expect(await page.locator('input[name=timezone_detected]').inputValue()).toBe('Europe/Berlin');
    await checkLayout(page, 'form');

    // Keyboard users see where they are.
    await page.focus('#subscribe-email');
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).toBe('solid');

    await page.getByLabel('Email address').fill('browser@example.org');
    await page.getByLabel('Industrial Parks').check();
    await page.getByLabel('Weekly digest').check();
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/subscribe') && r.request().method() === 'POST',
      ),
      page.getByRole('button', { name: 'Subscribe' }).click(),
    ]);
    expect(response.status()).toBe(202);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Check your inbox',
    );
    await checkLayout(page, 'accepted');

    const row = await served.database.db.kysely
      .selectFrom('subscribers')
      .selectAll()
      .where('email', '=', 'browser@example.org')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'pending',
      categories: '["industrial-parks"]',
      frequency: 'weekly',
      timezone: 'Europe/Berlin',
    });
    expect(row.subscribed_user_agent).toMatch(/Chrome/);

    const [mail] = await served.sink.waitFor(1);
    await page.goto(
      linkIn(mail?.text, `${SITE_URL}/confirm?token=`).replace(SITE_URL, served.base),
    );
    await checkLayout(page, 'confirm');
    await page.getByRole('button', { name: 'Confirm my subscription' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Subscription confirmed',
    );
    await checkLayout(page, 'confirmed');
    await page.close();
  });

  it('takes the time zone from the list when scripts are off', async () => {
    const page = await phone({ javaScriptEnabled: false });
    await page.goto(`${served.base}/subscribe`);
    await page.getByLabel('Email address').fill('noscript@example.org');
    await page.getByLabel('Deliver at the digest time in').selectOption('America/New_York');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Check your inbox',
    );
    const row = await served.database.db.kysely
      .selectFrom('subscribers')
      .select('timezone')
      .where('email', '=', 'noscript@example.org')
      .executeTakeFirstOrThrow();
    expect(row.timezone).toBe('America/New_York');
    await page.close();
  });

  it('shows problems next to the form, keeping what was typed', async () => {
    const page = await phone();
    await page.goto(`${served.base}/subscribe`);
    // The browser's own check would stop "a@b"; the server's answer is what is tested here.
    await page.evaluate(() => document.querySelector('form')?.setAttribute('novalidate', ''));
    await page.getByLabel('Email address').fill('a@b');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not a valid address');
    expect(await page.getByLabel('Email address').inputValue()).toBe('a@b');
    await checkLayout(page, 'problems');
    await page.close();
  });

  it('lays out the preferences and unsubscribe pages for a phone', async () => {
    const row = await served.database.db.kysely
      .selectFrom('subscribers')
      .select('id')
      .where('email', '=', 'browser@example.org')
      .executeTakeFirstOrThrow();
    const links = subscriberLinks(served.base, served.gazette.tokens, row.id, new Date());
    const page = await phone();
    await page.goto(links.preferences);
    await checkLayout(page, 'preferences');
    await page.getByLabel('Biz updates').check();
    expect(await page.getByLabel('Deliver at the digest time in').inputValue()).toBe(
      'Europe/Berlin',
    );
    await page.getByLabel('Deliver at the digest time in').selectOption('Asia/Shanghai');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('saved');

    await page.goto(links.unsubscribe);
    await checkLayout(page, 'unsubscribe');
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'You are unsubscribed',
    );
    await checkLayout(page, 'unsubscribed');
    const after = await served.database.db.kysely
      .selectFrom('subscribers')
      .select(['status', 'categories', 'timezone'])
      .where('email', '=', 'browser@example.org')
      .executeTakeFirstOrThrow();
    expect(after).toEqual({
      status: 'unsubscribed',
      categories: '["biz-updates","industrial-parks"]',
      timezone: 'Asia/Shanghai',
    });
    await page.close();
  });
});
