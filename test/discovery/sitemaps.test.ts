import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLiveSite } from '../../src/app/index.js';
import { createUrlSettler } from '../../src/articles/index.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/index.js';
import { createLogger } from '../../src/log.js';
import { createArticleUrlStore } from '../../src/store/index.js';
import { createSqlite, type TestDatabase } from '../helpers/db.js';
import { writeStore } from '../helpers/store-files.js';
import { hasTool } from '../helpers/tools.js';
import { locs, markdownArticle, schemaErrors, xmllint } from './fixtures.js';

const site = 'https://news.example.org';

const files = {
  'may-a.md': markdownArticle({
    title: 'May & <one>',
    category: 'Biz updates',
    date: '2024-05-03T08:00:00Z',
  }),
  'may-b.md': markdownArticle({
    title: 'May two',
    category: 'Économie',
    date: '2024-05-20T08:00:00Z',
  }),
  'june.md': markdownArticle({
    title: 'June',
    category: 'Biz updates',
    date: '2024-06-11T08:00:00Z',
  }),
  'fresh.md': markdownArticle({
    title: 'Fresh news',
    category: 'Économie',
    date: '2024-07-01T10:00:00Z',
  }),
  'yesterday.md': markdownArticle({
    title: 'Yesterday',
    category: 'Biz updates',
    date: '2024-06-30T12:00:00Z',
  }),
  'old-week.md': markdownArticle({
    title: 'Last week',
    category: 'Biz updates',
    date: '2024-06-24T12:00:00Z',
  }),
};

describe('sitemaps, served by gazette serve', () => {
  let test: TestDatabase;
  let dir: string;
  let clock: Date;

  beforeEach(async () => {
    test = await createSqlite();
    clock = new Date('2024-07-01T12:00:00Z');
    dir = writeStore(files);
  });
  afterEach(async () => {
    await test.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string> = {}) {
    const config = loadConfig({
      GAZETTE_ARTICLES_DIR: dir,
      GAZETTE_SITE_URL: site,
      GAZETTE_TIMEZONE: 'UTC',
      GAZETTE_SITE_NAME: 'The Daily & Co',
      ...env,
    });
    const logger = createLogger('silent');
    const urls = createUrlSettler(createArticleUrlStore(test.db));
    const live = createLiveSite({ config, logger, urls, now: () => clock });
    await live.rebuild();
    const app = createApp({ config, logger, site: live });
    const read = async (path: string, headers: Record<string, string> = {}) => {
      const response = await app.request(path, { headers });
      return { status: response.status, headers: response.headers, text: await response.text() };
    };
    return { live, read };
  }

  it.runIf(hasTool(xmllint, 'libxml2-utils'))(
    'gives an index of valid sitemaps, one per month and one of pages, every URL answering 200',
    async () => {
      const { read } = await start();
      const index = await read('/sitemap.xml');
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toBe('application/xml; charset=utf-8');
      expect(await schemaErrors(index.text, 'siteindex')).toBe('');
      const sitemapUrls = locs(index.text);
      expect(sitemapUrls).toEqual([
        `${site}/sitemaps/pages.xml`,
        `${site}/sitemaps/2024-05.xml`,
        `${site}/sitemaps/2024-06.xml`,
        `${site}/sitemaps/2024-07.xml`,
      ]);
      const pageUrls: string[] = [];
      for (const url of sitemapUrls) {
        const sitemap = await read(url.slice(site.length));
        expect(sitemap.status).toBe(200);
        expect(await schemaErrors(sitemap.text, 'sitemap')).toBe('');
        pageUrls.push(...locs(sitemap.text));
      }
      // The home page, two categories and six articles, each once.
      expect(pageUrls).toHaveLength(9);
      expect(new Set(pageUrls).size).toBe(9);
      expect(pageUrls).toContain(`${site}/`);
      expect(pageUrls).toContain(`${site}/categories/biz-updates`);
      for (const url of pageUrls) {
        expect(url.startsWith(site)).toBe(true);
        expect((await read(url.slice(site.length))).status, url).toBe(200);
      }
    },
  );

  it.runIf(hasTool(xmllint, 'libxml2-utils'))(
    'gives a valid Google News sitemap of the last 48 hours only',
    async () => {
      const { read } = await start({ GAZETTE_LANGUAGE: 'zh-TW' });
      const news = await read('/news-sitemap.xml');
      expect(news.status).toBe(200);
      expect(await schemaErrors(news.text, 'news-sitemap')).toBe('');
      expect(locs(news.text)).toEqual([
        `${site}/articles/fresh-news`,
        `${site}/articles/yesterday`,
      ]);
      expect(news.text).toContain('<news:name>The Daily &amp; Co</news:name>');
      expect(news.text).toContain('<news:language>zh-tw</news:language>');
      expect(news.text).toContain(
        '<news:publication_date>2024-07-01T10:00:00Z</news:publication_date>',
      );
      expect(news.text).toContain('<news:title>Fresh news</news:title>');
    },
  );

  it('moves lastmod when an article text changes, and not otherwise', async () => {
    const { live, read } = await start();
    const lastmodOf = (xml: string, url: string) =>
      new RegExp(`<loc>${url}</loc><lastmod>([^<]+)</lastmod>`).exec(xml)?.[1];
    const june = `${site}/articles/june`;
    const before = (await read('/sitemaps/2024-06.xml')).text;
    expect(lastmodOf(before, june)).toBe('2024-06-11T08:00:00Z');
    const indexBefore = await read('/sitemap.xml');

    // A rebuild with nothing changed, later: the same bytes, the same ETag.
    clock = new Date('2024-07-01T13:00:00Z');
    await live.rebuild();
    expect((await read('/sitemaps/2024-06.xml')).text).toBe(before);
    const etag = indexBefore.headers.get('etag') as string;
    expect((await read('/sitemap.xml', { 'if-none-match': etag })).status).toBe(304);

    // The same file written again, unchanged: still nothing moves.
    writeFileSync(join(dir, 'june.md'), files['june.md']);
    await live.rebuild();
    expect((await read('/sitemaps/2024-06.xml')).text).toBe(before);

    // Its text edited: its lastmod is now, and so is its sitemap's in the index.
    clock = new Date('2024-07-01T14:00:00Z');
    writeFileSync(
      join(dir, 'june.md'),
      markdownArticle({
        title: 'June',
        category: 'Biz updates',
        date: '2024-06-11T08:00:00Z',
        body: 'New text.',
      }),
    );
    await live.rebuild();
    const after = (await read('/sitemaps/2024-06.xml')).text;
    expect(lastmodOf(after, june)).toBe('2024-07-01T14:00:00Z');
    expect(lastmodOf(after, `${site}/articles/yesterday`)).toBe('2024-06-30T12:00:00Z');
    const index = (await read('/sitemap.xml')).text;
    expect(lastmodOf(index, `${site}/sitemaps/2024-06.xml`)).toBe('2024-07-01T14:00:00Z');
    expect(lastmodOf(index, `${site}/sitemaps/2024-05.xml`)).toBe('2024-05-20T08:00:00Z');
    expect((await read('/sitemap.xml', { 'if-none-match': etag })).status).toBe(200);
  });

  it('serves sitemaps gzipped, and robots.txt naming both sitemaps and the extra lines', async () => {
    const { read } = await start({ GAZETTE_ROBOTS_EXTRA: 'User-agent: GPTBot\\nDisallow: /' });
    const gz = await read('/sitemaps/2024-06.xml', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const robots = await read('/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const lines = robots.text.split('\n');
    expect(lines).toContain(`Sitemap: ${site}/sitemap.xml`);
    expect(lines).toContain(`Sitemap: ${site}/news-sitemap.xml`);
    expect(lines).toContain('User-agent: GPTBot');
    expect(lines).toContain('Disallow: /console/');
    expect(lines[lines.indexOf('User-agent: GPTBot') + 1]).toBe('Disallow: /');
  });
});
