import { rmSync } from 'node:fs';
import { load } from 'cheerio';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveSite } from '../../src/app/index.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/index.js';
import { createLogger } from '../../src/log.js';
import { writeStore } from '../helpers/store-files.js';
import { markdownArticle } from './fixtures.js';

const site = 'https://news.example.org';

/**
 * Google's Article structured data: no property is required; these are recommended (author
 * with its name, dateModified, datePublished, headline, image) and these a news page carries
 * as well, as the publishing guidelines ask.
 */
const RECOMMENDED = ['headline', 'datePublished', 'dateModified', 'author'];
const NEWS_PAGE = ['publisher', 'articleSection', 'inLanguage', 'mainEntityOfPage'];

describe('article page metadata', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function page(
    files: Record<string, string>,
    slug: string,
    env: Record<string, string> = {},
  ) {
    dir = writeStore(files);
    const config = loadConfig({
      GAZETTE_ARTICLES_DIR: dir,
      GAZETTE_SITE_URL: site,
      GAZETTE_SITE_NAME: 'The Daily',
      GAZETTE_TIMEZONE: 'UTC',
      ...env,
    });
    const logger = createLogger('silent');
    const live = createLiveSite({ config, logger, now: () => new Date('2024-07-01T00:00:00Z') });
    await live.rebuild();
    const response = await createApp({ config, logger, site: live }).request(`/articles/${slug}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    return Object.assign(load(text), { raw: text });
  }

  const story = markdownArticle({
    title: 'Rates </script><script>alert(1)</script> & "quotes"',
    category: 'Biz updates',
    date: '2024-06-11T08:00:00Z',
    author: 'Ana Li',
    summary: 'The short version.',
    body: 'Text.\n\n![A chart](/img/chart.png?a=1&b=2)\n\n![Second](https://cdn.example.org/2.png)',
  });

  it('has a canonical link, NewsArticle JSON-LD with every recommended property, and previews', async () => {
    const $ = await page({ 'rates.md': story }, 'rates-script-script-alert-1-script-and-quotes', {
      GAZETTE_PUBLISHER_LOGO: '/logo.png',
    });
    const url = `${site}/articles/rates-script-script-alert-1-script-and-quotes`;
    expect($('link[rel=canonical]').attr('href')).toBe(url);

    const scripts = $('script[type="application/ld+json"]');
    expect(scripts).toHaveLength(1);
    // The hostile title stays text: it ends no script and starts none.
    expect($.raw).not.toContain('<script>alert(1)');
    expect($('script').filter((_, el) => $(el).text().includes('alert(1)'))).toHaveLength(1);
    const data = JSON.parse(scripts.text());
    for (const key of [...RECOMMENDED, ...NEWS_PAGE, 'image'])
      expect(data, key).toHaveProperty(key);
    expect(data['@context']).toBe('https://schema.org');
    expect(data['@type']).toBe('NewsArticle');
    expect(data.headline).toBe('Rates </script><script>alert(1)</script> & "quotes"');
    expect(data.datePublished).toBe('2024-06-11T08:00:00Z');
    expect(data.dateModified).toBe('2024-06-11T08:00:00Z');
    expect(data.author).toEqual([{ '@type': 'Person', name: 'Ana Li' }]);
    expect(data.image).toEqual([`${site}/img/chart.png?a=1&b=2`]);
    expect(data.publisher).toEqual({
      '@type': 'Organization',
      name: 'The Daily',
      url: `${site}/`,
      logo: { '@type': 'ImageObject', url: `${site}/logo.png` },
    });
    expect(data.articleSection).toBe('Biz updates');
    expect(data.inLanguage).toBe('en');
    expect(data.mainEntityOfPage).toEqual({ '@type': 'WebPage', '@id': url });

    const meta = (key: string) =>
      $(`meta[property="${key}"]`).attr('content') ?? $(`meta[name="${key}"]`).attr('content');
    expect(meta('og:type')).toBe('article');
    expect(meta('og:title')).toBe(data.headline);
    expect(meta('og:url')).toBe(url);
    expect(meta('og:description')).toBe('The short version.');
    expect(meta('og:image')).toBe(`${site}/img/chart.png?a=1&b=2`);
    expect(meta('article:published_time')).toBe('2024-06-11T08:00:00Z');
    expect(meta('article:modified_time')).toBe('2024-06-11T08:00:00Z');
    expect(meta('article:section')).toBe('Biz updates');
    expect(meta('twitter:card')).toBe('summary_large_image');
    expect(meta('twitter:title')).toBe(data.headline);
    expect(meta('twitter:description')).toBe('The short version.');
  });

  it('without an image or byline: no image tags, the site as author, no logo unless configured', async () => {
    const plain = markdownArticle({
      title: 'Plain',
      category: 'News',
      date: '2024-06-11T08:00:00Z',
    });
    const $ = await page({ 'plain.md': plain }, 'plain');
    const data = JSON.parse($('script[type="application/ld+json"]').text());
    expect(data).not.toHaveProperty('image');
    expect(data.author).toEqual([{ '@type': 'Organization', name: 'The Daily', url: `${site}/` }]);
    expect(data.publisher).not.toHaveProperty('logo');
    expect($('meta[property="og:image"]')).toHaveLength(0);
    expect($('meta[name="twitter:card"]').attr('content')).toBe('summary');
  });
});
