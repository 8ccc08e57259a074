import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadArticles, parseArticle } from '../../src/articles/index.js';

const options = { timezone: 'Asia/Shanghai' };

describe('the seed articles', () => {
  it('parse to exactly their fields', async () => {
    const store = await loadArticles('articles', options);
    expect(store.problems).toEqual([]);
    const byId = new Map(store.articles.map((article) => [article.id, article]));

    const harbin = byId.get('000_bf2a7840b903891f');
    expect(harbin?.title).toBe('Harbin selected as pilot city for advanced manufacturing upgrades');
    expect(harbin?.category).toEqual({ name: 'Biz updates', slug: 'biz-updates' });
    expect(harbin?.date.toISOString()).toBe('2024-06-20T16:00:00.000Z');
    expect(harbin?.byline).toBe('e.my399.com');
    expect(harbin?.paragraphs).toHaveLength(10);
    expect(harbin?.paragraphs[0]).toMatch(/^The Ministry of Industry and Information Technology/);
    expect(harbin?.paragraphs[9]).toMatch(/^Additionally, the initiative/);
    expect(harbin?.related).toEqual([
      {
        headline: 'Harbin ramps up childcare services',
        blurb:
          'A new comprehensive service center for childcare in Harbin is expected to be finished by the end of the year.',
      },
    ]);
    expect(harbin?.summary).toBe(harbin?.paragraphs[0]);

    const zones = byId.get('002_a042f19c3e2ff96f');
    expect(zones?.title).toBe('Harbin zones achieve breakthroughs in industrial development');
    expect(zones?.category).toEqual({ name: 'Industrial Parks', slug: 'industrial-parks' });
    expect(zones?.date.toISOString()).toBe('2023-02-20T16:00:00.000Z');
    expect(zones?.byline).toBe('e.my399.com');
    expect(zones?.paragraphs).toHaveLength(9);
    expect(zones?.related).toHaveLength(1);
    expect(zones?.paragraphs.join(' ')).not.toContain('Harbin ramps up childcare services');
  });

  it('are the seed files kept in test/fixtures, unchanged', () => {
    for (const name of ['000_bf2a7840b903891f.txt', '002_a042f19c3e2ff96f.txt']) {
      const expected = readFileSync(new URL(`../fixtures/seeds/${name}`, import.meta.url));
      expect(readFileSync(`articles/${name}`).equals(expected)).toBe(true);
      expect(parseArticle(name, expected, options).ok).toBe(true);
    }
  });
});
