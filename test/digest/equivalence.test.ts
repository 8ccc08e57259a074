import { mkdirSync, writeFileSync } from 'node:fs';
import pixelmatch from 'pixelmatch';
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/index.js';
import { type DigestSelection, selectDigest } from '../../src/digest/index.js';
import { CHROMIUM, launchChromium } from '../helpers/browser.js';
import { hasTool } from '../helpers/tools.js';
import { article, recipient, renderer, unmarkedTemplates } from './fixtures.js';

/**
 * A digest assembled from the layout against a full MJML compile of the same content (the
 * template as it was before its blocks were marked, compiled per content as Gazette did): the
 * same text twin, and the same pixels in Chromium at a phone's and a desktop's width.
 */
const artifacts = new URL('../../test-artifacts/', import.meta.url);
const now = new Date('2024-06-21T07:00:00Z');
/** Anti-aliasing may differ by a few pixels between two loads of one page; a layout change may not. */
const MAX_DIFFERENT_PIXELS = 0.001;

function selection(articles: Article[], subscribed: string[] = [], maxItems = 20): DigestSelection {
  const picked = selectDigest({
    articles,
    firstSeen: new Map(articles.map((a) => [a.id, now])),
    subscriber: {
      categories: subscribed,
      lastDigestAt: new Date(now.getTime() - 86_400_000),
      sentArticleIds: new Set(),
    },
    now,
    firstDigestItems: 5,
    maxItems,
  });
  if (!picked) throw new Error('expected a digest');
  return picked;
}

const hour = (h: number) => new Date(Date.UTC(2024, 5, 21, h)).toISOString();
const many = Array.from({ length: 26 }, (_, i) =>
  article(
    `n${i}`,
    ['Biz updates', 'Industrial Parks', 'Science & <Tech>'][i % 3] as string,
    hour(6 - i / 5),
    {
      title: `Headline ${i}: ${'word '.repeat(i % 7)}& "quotes" <b>not bold</b>`,
      byline: i % 4 ? 'Gazette staff' : '',
      summary: i % 5 ? `Summary ${i}. ${'Some more text here. '.repeat(i % 6)}` : '',
    },
  ),
);
const samples: [string, DigestSelection][] = [
  ['every category, capped, with more', selection(many)],
  ['one category', selection(many, ['industrial-parks'], 3)],
  ['one article, no byline, no summary', selection([many[0] as Article], [])],
  // Shown after another card above, first here: a card is kept per article and position.
  ['an article seen before in another place', selection([many[4] as Article], [])],
  [
    'an unbroken word and a long link',
    selection([
      article('w1', 'Biz updates', hour(5), {
        title: 'Supercalifragilisticexpialidociousindustrialparkdevelopmentzoneannouncement',
        summary: `https://example.org/${'x'.repeat(150)}`,
      }),
      article('w2', 'Parks', hour(4), {
        title: '{{recipient.email}} {{#each sections}}x{{/each}}',
      }),
    ]),
  ],
];

describe.runIf(hasTool(CHROMIUM, 'chromium'))('an assembled digest against a full compile', () => {
  let browser: Browser;
  const built: Record<string, { assembled: string; full: string; text: [string, string] }> = {};

  beforeAll(async () => {
    const layout = await renderer();
    const perContent = await renderer(await unmarkedTemplates());
    expect(await layout.mode()).toEqual({ kind: 'layout' });
    expect((await perContent.mode()).kind).toBe('per-content');
    for (const [name, picked] of samples) {
      const a = await layout.render(picked, recipient(1, 'Ann <Lee>'));
      const b = await perContent.render(picked, recipient(1, 'Ann <Lee>'));
      built[name] = { assembled: a.html, full: b.html, text: [a.text, b.text] };
    }
    browser = await launchChromium();
    mkdirSync(artifacts, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(samples.map(([name]) => name))('has the same text twin: %s', (name) => {
    const [assembled, full] = built[name]?.text ?? [];
    expect(assembled).toBe(full);
  });

  async function screenshot(html: string, width: number): Promise<PNG> {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const png = PNG.sync.read(await page.screenshot({ fullPage: true }));
    await page.close();
    return png;
  }

  const cases = samples.flatMap(([name]) => [375, 800].map((width) => [name, width] as const));
  it.each(cases)('looks the same in Chromium: %s at %i px', async (name, width) => {
    const pair = built[name];
    if (!pair) throw new Error(name);
    const [assembled, full] = [
      await screenshot(pair.assembled, width),
      await screenshot(pair.full, width),
    ];
    expect([assembled.width, assembled.height]).toEqual([full.width, full.height]);
    const diff = new PNG({ width: full.width, height: full.height });
    const different = pixelmatch(assembled.data, full.data, diff.data, full.width, full.height, {
      threshold: 0.1,
    });
    const slug = `${name.replace(/\W+/g, '-')}-${width}`;
    if (different > 0)
      writeFileSync(new URL(`equivalence-${slug}-diff.png`, artifacts), PNG.sync.write(diff));
    writeFileSync(new URL(`equivalence-${slug}.png`, artifacts), PNG.sync.write(assembled));
    expect(different).toBeLessThanOrEqual(full.width * full.height * MAX_DIFFERENT_PIXELS);
  });
});
