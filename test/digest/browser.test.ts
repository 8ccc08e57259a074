import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectDigest } from '../../src/digest/index.js';
import { CHROMIUM, launchChromium } from '../helpers/browser.js';
import { hasTool } from '../helpers/tools.js';
import { article, recipient, renderer } from './fixtures.js';

interface PageDocument {
  documentElement: { scrollWidth: number; clientWidth: number };
  title: string;
  querySelector(selector: string): { textContent: string | null } | null;
}

const artifacts = new URL('../../test-artifacts/', import.meta.url);

/** A digest built to stress the layout: long titles, an unbroken word, a long byline, markup. */
async function stressDigest() {
  const now = new Date('2024-06-21T07:00:00Z');
  const articles = [
    article('a1', 'Biz updates', '2024-06-21T05:00:00Z', {
      title: 'Harbin selected as pilot city for advanced manufacturing upgrades <b>& more</b>',
      byline: 'e.my399.com',
    }),
    article('a2', 'Industrial Parks', '2024-06-21T04:00:00Z', {
      title: 'Supercalifragilisticexpialidociousindustrialparkdevelopmentzoneannouncement',
      byline: 'A very long byline from an agency with an unusually long name indeed',
      summary: `${'Long summary text. '.repeat(20)}https://example.org/${'x'.repeat(120)}`,
    }),
    article('a3', 'Biz updates', '2024-06-20T04:00:00Z'),
  ];
  const selection = selectDigest({
    articles,
    firstSeen: new Map(articles.map((a) => [a.id, now])),
    subscriber: { categories: [], lastDigestAt: null, sentArticleIds: new Set() },
    now,
    firstDigestItems: 5,
    maxItems: 20,
  });
  if (!selection) throw new Error('expected a digest');
  return (await renderer()).render(selection, recipient(1, 'Ann'));
}

describe.runIf(hasTool(CHROMIUM, 'chromium'))('the digest in a real browser', () => {
  let browser: Browser;
  let html: string;
  beforeAll(async () => {
    browser = await launchChromium();
    html = (await stressDigest()).html;
    mkdirSync(artifacts, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([375, 800])('fits %i px without horizontal scrolling', async (width) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    // Offline, as a mail client with remote content blocked: nothing may be fetched.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const { scrollWidth, clientWidth, title, heading } = await page.evaluate(() => {
      // Runs in the page; the project compiles without DOM types.
      const doc = (globalThis as unknown as { document: PageDocument }).document;
      return {
        scrollWidth: doc.documentElement.scrollWidth,
        clientWidth: doc.documentElement.clientWidth,
        title: doc.title,
        heading: doc.querySelector('h3 a')?.textContent ?? '',
      };
    });
    await page.screenshot({
      path: new URL(`digest-${width}.png`, artifacts).pathname,
      fullPage: true,
    });
    expect(clientWidth).toBe(width);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    // Markup in a title is shown as text, not obeyed.
    expect(heading).toContain('<b>& more</b>');
    expect(title).toContain('<b>& more</b>');
    await page.close();
  });
});
