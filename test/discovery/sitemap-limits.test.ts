import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/index.js';
import { buildSitemaps } from '../../src/discovery/index.js';
import { hasTool } from '../helpers/tools.js';
import { locs, schemaErrors, xmllint } from './fixtures.js';

const options = { siteUrl: 'https://news.example.org', siteName: 'Gazette', language: 'en' };
const category = { name: 'News', slug: 'news' };

function article(n: number, date: string): Article {
  return {
    id: `a${n}`,
    slug: `story-${n}`,
    title: `Story ${n}`,
    category,
    date: new Date(date),
    byline: '',
    paragraphs: [],
    bodyHtml: '',
    summary: '',
    related: [],
    sourcePath: `a${n}.md`,
  };
}

describe('sitemap limits', () => {
  // Newest first, as the feeds give them: five in March, one in April.
  const articles = [
    article(6, '2024-04-02T00:00:00Z'),
    ...[5, 4, 3, 2, 1].map((n) => article(n, `2024-03-0${n}T00:00:00Z`)),
  ];

  it('splits a month that passes the URL limit, oldest articles first', () => {
    const docs = buildSitemaps(articles, [category], options, { urls: 2, bytes: 1e9 });
    expect(docs.map((doc) => doc.path)).toEqual([
      '/sitemap.xml',
      '/sitemaps/pages.xml',
      '/sitemaps/2024-03.xml',
      '/sitemaps/2024-03-2.xml',
      '/sitemaps/2024-03-3.xml',
      '/sitemaps/2024-04.xml',
    ]);
    expect(locs(docs[2]?.body ?? '')).toEqual([
      `${options.siteUrl}/articles/story-1`,
      `${options.siteUrl}/articles/story-2`,
    ]);
    expect(locs(docs[0]?.body ?? '')).toHaveLength(5);
  });

  it('splits a month that passes the byte limit, never past it', () => {
    const limit = 400;
    const docs = buildSitemaps(articles, [category], options, { urls: 50_000, bytes: limit });
    const months = docs.filter((doc) => doc.path.startsWith('/sitemaps/2024-03'));
    expect(months.length).toBeGreaterThan(1);
    for (const doc of months) expect(Buffer.byteLength(doc.body)).toBeLessThanOrEqual(limit);
    expect(months.flatMap((doc) => locs(doc.body))).toHaveLength(5);
  });

  it.runIf(hasTool(xmllint, 'libxml2-utils'))(
    'gives a valid index and sitemaps when split',
    async () => {
      const docs = buildSitemaps(articles, [category], options, { urls: 2, bytes: 1e9 });
      expect(await schemaErrors(docs[0]?.body ?? '', 'siteindex')).toBe('');
      for (const doc of docs.slice(1)) expect(await schemaErrors(doc.body, 'sitemap')).toBe('');
    },
  );

  it('writes again only the months whose articles changed, given the previous months', () => {
    const months = new Map();
    const first = buildSitemaps(articles, [category], options, undefined, months);
    const again = buildSitemaps(articles, [category], options, undefined, months);
    expect(again[2]).toBe(first[2]);
    const edited = articles.map((each) =>
      each.id === 'a3' ? { ...each, updated: new Date('2024-05-01T00:00:00Z') } : each,
    );
    const after = buildSitemaps(edited, [category], options, undefined, months);
    expect(after.map((doc) => doc.path)).toEqual(first.map((doc) => doc.path));
    expect(after[2]).not.toBe(first[2]); // March: rewritten, with the new lastmod
    expect(after[2]?.body).toContain('<lastmod>2024-05-01T00:00:00Z</lastmod>');
    expect(after[3]).toBe(first[3]); // April: the same document
    expect(after[0]?.body).not.toBe(first[0]?.body); // the index: March's lastmod moved
  });

  it('gives the home page alone, valid, for an empty store', () => {
    const docs = buildSitemaps([], [], options);
    expect(docs.map((doc) => doc.path)).toEqual(['/sitemap.xml', '/sitemaps/pages.xml']);
    expect(locs(docs[1]?.body ?? '')).toEqual([`${options.siteUrl}/`]);
  });
});
