/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Callbacks passed to page.evaluate run in the browser, where the DOM types apply.
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createLiveSite } from '../../src/app/index.js';
import { openSubscriptions } from '../../src/app/subscriptions.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/index.js';
import { createLogger } from '../../src/log.js';
import type { Db } from '../../src/store/index.js';
import {
  ARTIFACTS,
  CHROMIUM,
  expectFitsAndLabelled,
  servedInChromium,
} from '../helpers/browser.js';
import { seedArticle, writeStore } from '../helpers/store-files.js';
import { linkIn } from '../helpers/subscription-app.js';
import { hasTool } from '../helpers/tools.js';

const SITE_URL = 'http://gazette.test';
const LONG =
  'The Ministry of Industry and Information Technology approved the implementation plan for pilot cities focused on advanced manufacturing upgrades, with support for equipment, supply chains and skills.';

/** A small publication: three desks, a week of stories, one story's related teaser names another. */
function publication(): string {
  const story = (
    crumb: string,
    title: string,
    date: string,
    byline: string,
    related: [string, string][] = [],
  ) =>
    seedArticle({
      crumb,
      title,
      date,
      byline,
      paragraphs: [LONG, ...Array.from({ length: 15 }, (_, i) => `${LONG} Paragraph ${i + 2}.`)],
      related,
    });
  return writeStore({
    'a.txt': story(
      'Home>Biz updates',
      'Harbin selected as pilot city for advanced manufacturing upgrades',
      '2024-06-21 09:30',
      'e.my399.com',
      [
        [
          'Harbin ramps up childcare services',
          'A new service centre opens by the end of the year.',
        ],
        ['A story not on this site', 'Its teaser stays text.'],
      ],
    ),
    'b.txt': story(
      'Home>Biz updates',
      'Harbin ramps up childcare services',
      '2024-06-20',
      'Harbin Daily',
    ),
    'c.txt': story('Home>Biz updates', 'Exports rise for a third month', '2024-06-18', 'Wire'),
    'd.txt': story(
      'Home>Industrial Parks',
      'A new tech park opens on the Songhua river',
      '2024-06-19',
      'Staff',
    ),
    'e.txt': story(
      'Home>Industrial Parks',
      'Robotics makers move into the free-trade zone',
      '2024-06-17',
      'Staff',
    ),
    'f.txt': story(
      'Home>Culture',
      'Ice festival draws a record crowd in its 40th year',
      '2024-06-16',
      'Culture desk',
    ),
  });
}

async function publicationApp(db: Db, smtpUrl: string) {
  const dir = publication();
  const config = loadConfig({
    GAZETTE_SECRET: 'page test secret of sixteen plus',
    GAZETTE_SITE_URL: SITE_URL,
    GAZETTE_SMTP_URL: smtpUrl,
    GAZETTE_SITE_NAME: 'The Harbin Ledger',
    GAZETTE_FROM: 'The Harbin Ledger <news@gazette.test>',
    GAZETTE_ARTICLES_DIR: dir,
    GAZETTE_TIMEZONE: 'Asia/Shanghai',
    GAZETTE_SUBSCRIBE_RATE: '1000',
  });
  const logger = createLogger('silent');
  const site = createLiveSite({ config, logger, now: () => new Date('2024-06-22T00:00:00Z') });
  await site.rebuild();
  const subscriptions = await openSubscriptions(config, db, () => site.current().categories, {
    resendAfterMs: 0,
  });
  const app = createApp({ config, logger, site, subscriptions: subscriptions.service });
  return {
    app,
    close: () => {
      subscriptions.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.runIf(hasTool(CHROMIUM, 'chromium'))('the public pages in Chromium', () => {
  const served = servedInChromium(publicationApp);

  /** A page at both widths and in both schemes, screenshots kept; it fits a phone, all labelled. */
  async function shoot(path: string, name: string, after?: (page: Page) => Promise<void>) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await served.browser.newPage({ colorScheme });
      page.on('pageerror', (error) => {
        throw error;
      });
      await page.goto(`${served.base}${path}`);
      await after?.(page);
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({
          path: `${ARTIFACTS}/page-${name}-${width}${colorScheme === 'dark' ? '-dark' : ''}.png`,
          fullPage: true,
        });
      }
      await expectFitsAndLabelled(page, `${name} (${colorScheme})`);
      if (colorScheme === 'dark') {
        // Dark mode is dark: the page's background, not only its text, follows the scheme.
        const background = await page.evaluate(
          () => getComputedStyle(document.body).backgroundColor,
        );
        const [r = 255, g = 255, b = 255] = (background.match(/\d+/g) ?? []).map(Number);
        expect(r + g + b, `${name} background ${background}`).toBeLessThan(120);
      }
      await page.close();
    }
  }

  it('home: subscribing comes first, then the latest by category with dates and summaries', async () => {
    await shoot('/', 'home');
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${served.base}/`);
    // The subscribe form is in the first screen, above every story.
    const form = await page.locator('form.subscribe').boundingBox();
    expect(form?.y).toBeLessThan(500);
    const firstStory = await page.locator('#latest').boundingBox();
    expect(form?.y ?? 0).toBeLessThan(firstStory?.y ?? 0);
    // The site's name is the masthead; the page does not say it again as its heading.
    expect(await page.locator('h1').textContent()).not.toContain('The Harbin Ledger');
    const lead = page.locator('#latest article.lead');
    expect(await lead.locator('h2').textContent()).toBe(
      'Harbin selected as pilot city for advanced manufacturing upgrades',
    );
    expect(await lead.locator('time').getAttribute('datetime')).toBe('2024-06-21T01:30:00.000Z');
    expect(await lead.locator('time').textContent()).toBe('June 21, 2024');
    expect(await lead.locator('.summary').textContent()).toContain('pilot cities');
    const culture = page.locator('#culture');
    expect(await culture.locator('h3').textContent()).toBe(
      'Ice festival draws a record crowd in its 40th year',
    );
    expect(await culture.locator('.summary').count()).toBe(1);
    await page.close();
  }, 60_000);

  it('article: date, byline, reading time, a call to subscribe, related stories linked', async () => {
    const slug = 'harbin-selected-as-pilot-city-for-advanced-manufacturing-upgrades';
    await shoot(`/articles/${slug}`, 'article');
    const page = await served.browser.newPage({ viewport: { width: 375, height: 800 } });
    await page.goto(`${served.base}/articles/${slug}`);
    expect(await page.locator('article.story .meta').textContent()).toBe(
      'By e.my399.com · June 21, 2024 · 2 min read',
    );
    await expect(page.locator('.cta form.subscribe').count()).resolves.toBe(1);
    const related = page.locator('aside ul.related li');
    expect(await related.nth(0).locator('a').getAttribute('href')).toBe(
      '/articles/harbin-ramps-up-childcare-services',
    );
    expect(await related.nth(1).locator('a').count()).toBe(0);
    await page.getByRole('link', { name: 'Harbin ramps up childcare services' }).first().click();
    expect(await page.locator('h1').textContent()).toBe('Harbin ramps up childcare services');
    await page.close();
  }, 60_000);

  it('subscribing, confirming and leaving each say what happened and what comes next', async () => {
    await shoot('/subscribe', 'subscribe');
    const page = await served.browser.newPage({ viewport: { width: 375, height: 800 } });
    await page.goto(`${served.base}/`);
    await page.getByLabel('Email address').fill('reader@example.org');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    expect(await page.locator('h1').textContent()).toBe('Check your inbox');
    expect(await page.locator('ol li').count()).toBe(3);
    await page.screenshot({ path: `${ARTIFACTS}/page-accepted-375.png`, fullPage: true });

    const [mail] = await served.sink.waitFor(1);
    const confirm = linkIn(mail?.text, `${SITE_URL}/confirm?token=`).replace(SITE_URL, '');
    await shoot(confirm, 'confirmed');
    // The link opens a page; only its button confirms (a scanner's GET changes nothing).
    await page.goto(`${served.base}${confirm}`);
    await page.getByRole('button', { name: 'Confirm my subscription' }).click();
    expect(await page.locator('h1').textContent()).toMatch(/^(Subscription|Already) confirmed$/);

    await page.goto(`${served.base}/manage`);
    await page.getByLabel('Email address').fill('reader@example.org');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    const [, manage] = await served.sink.waitFor(2);
    const preferences = linkIn(manage?.text, `${SITE_URL}/preferences?token=`).replace(
      SITE_URL,
      '',
    );
    await shoot(preferences, 'preferences', async (shown) => {
      // The site's own zone is named, not just "the site's".
      expect(await shown.locator('#subscribe-timezone option').first().textContent()).toBe(
        "The site's time zone (Asia/Shanghai)",
      );
    });
    await page.goto(`${served.base}${preferences}`);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    expect(await page.locator('h1').textContent()).toBe('You are unsubscribed');
    await page.screenshot({ path: `${ARTIFACTS}/page-unsubscribed-375.png`, fullPage: true });
    await shoot('/no-such-page', 'not-found');
    await page.close();
  }, 120_000);
});
