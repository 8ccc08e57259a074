import { rmSync } from 'node:fs';
import { load } from 'cheerio';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLiveSite } from '../../src/app/index.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/index.js';
import { createLogger } from '../../src/log.js';
import { writeStore } from '../helpers/store-files.js';
import { markdownArticle } from './fixtures.js';

const site = 'https://news.example.org';

describe('category pages', () => {
  let dir: string;
  let read: (path: string) => Promise<{ status: number; text: string }>;

  beforeEach(async () => {
    dir = writeStore({
      'a.md': markdownArticle({
        title: 'First',
        category: 'Économie',
        date: '2024-06-01T08:00:00Z',
      }),
      'b.md': markdownArticle({
        title: 'Second',
        category: 'Économie',
        date: '2024-06-02T08:00:00Z',
      }),
      'c.md': markdownArticle({ title: 'Other', category: 'Sport', date: '2024-06-03T08:00:00Z' }),
    });
    const config = loadConfig({
      GAZETTE_ARTICLES_DIR: dir,
      GAZETTE_SITE_URL: site,
      GAZETTE_TIMEZONE: 'UTC',
    });
    const logger = createLogger('silent');
    const live = createLiveSite({ config, logger, now: () => new Date('2024-07-01T00:00:00Z') });
    await live.rebuild();
    const app = createApp({ config, logger, site: live });
    read = async (path) => {
      const response = await app.request(path);
      return { status: response.status, text: await response.text() };
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists its articles, newest first, with CollectionPage data and its feeds', async () => {
    const page = await read('/categories/economie--871aa86f');
    expect(page.status).toBe(200);
    const $ = load(page.text);
    expect($('h1').text()).toBe('Économie');
    expect(
      $('ul.articles a')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).toEqual([`${site}/articles/second`, `${site}/articles/first`]);
    expect($('link[rel=canonical]').attr('href')).toBe(`${site}/categories/economie--871aa86f`);
    expect(
      $('link[rel=alternate]')
        .map((_, link) => $(link).attr('href'))
        .get(),
    ).toEqual([
      `${site}/feeds/economie--871aa86f.rss`,
      `${site}/feeds/economie--871aa86f.atom`,
      `${site}/feeds/economie--871aa86f.json`,
    ]);
    const data = JSON.parse($('script[type="application/ld+json"]').text());
    expect(data['@type']).toBe('CollectionPage');
    expect(data.url).toBe(`${site}/categories/economie--871aa86f`);
    expect(data.mainEntity.itemListElement.map((item: { url: string }) => item.url)).toEqual([
      `${site}/articles/second`,
      `${site}/articles/first`,
    ]);
  });

  it('is linked from the home page and from its articles; an unknown one is 404', async () => {
    const $ = load((await read('/')).text);
    const links = $('a[href^="/categories/"]')
      .map((_, a) => $(a).attr('href'))
      .get();
    expect(links).toEqual(['/categories/economie--871aa86f', '/categories/sport']);
    const article = load((await read('/articles/other')).text);
    expect(article('a[href="/categories/sport"]')).toHaveLength(1);
    expect((await read('/categories/nothing')).status).toBe(404);
    expect((await read('/categories/all')).status).toBe(404);
  });
});
