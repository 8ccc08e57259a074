import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assembleStore,
  categoryKey,
  categorySlug,
  categorySlugOf,
  parseArticle,
} from '../../src/articles/index.js';
import { seedArticle } from '../helpers/store-files.js';

/** Unicode 15.0's CaseFolding.txt, kept with the fixtures: its C and F mappings. */
function caseFolding(): Map<number, string> {
  const file = resolve(import.meta.dirname, '../fixtures/unicode/CaseFolding.txt');
  const folds = new Map<number, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([0-9A-F]+); ([CF]); ([0-9A-F ]+);/.exec(line);
    if (!match) continue;
    const target = (match[3] as string).split(' ').map((hex) => Number.parseInt(hex, 16));
    folds.set(Number.parseInt(match[1] as string, 16), String.fromCodePoint(...target));
  }
  return folds;
}

const storeOf = (names: string[]) =>
  assembleStore(
    names.map((name, i) =>
      parseArticle(`${i}.txt`, new TextEncoder().encode(seedArticle({ crumb: `Home>${name}` })), {
        timezone: 'UTC',
      }),
    ),
  );

describe('what makes two names one category', () => {
  it('folds case as CaseFolding.txt does (C and F), for every code point it maps', () => {
    const folds = caseFolding();
    expect(folds.size).toBeGreaterThan(1400);
    const folded = (text: string) =>
      [...text].map((c) => folds.get(c.codePointAt(0) as number) ?? c).join('');
    for (const [code, target] of folds) {
      const character = String.fromCodePoint(code);
      // The character and its folding are one category, and the key is a fixed point.
      expect(categoryKey(character), code.toString(16)).toBe(categoryKey(target));
      expect(categoryKey(categoryKey(character))).toBe(categoryKey(character));
      // Characters that fold apart stay apart.
      expect(categoryKey(folded(character)).normalize('NFC')).toBe(
        categoryKey(target).normalize('NFC'),
      );
    }
    expect(categoryKey('ı')).not.toBe(categoryKey('i')); // dotless i has no C or F mapping
  });

  it.each([
    ['Industrial Parks', 'industrial   PARKS'],
    ['Straße', 'STRASSE'],
    ['Café', 'Cafe\u0301'],
    ['ΟΔΟΣ', 'οδοσ'],
    ['Biz\u00A0updates', 'biz updates'],
  ])('%s and %s are one category', (a, b) => {
    expect(categoryKey(a)).toBe(categoryKey(b));
    expect(categorySlug(a)).toBe(categorySlug(b));
    expect(storeOf([a, b]).categories).toHaveLength(1);
  });

  it.each([
    ['C#', 'C++'],
    ['Economie', 'Économie'],
    ['All', 'All Category'],
    ['Kirmizi', 'Kırmızı'],
    ['biz-updates', 'Biz updates'],
    ['R&D', 'R and D'],
    ['a/b', 'a b'],
  ])('%s and %s are two categories, with two slugs', (a, b) => {
    expect(categorySlug(a)).not.toBe(categorySlug(b));
    const store = storeOf([a, b]);
    expect(store.categories).toHaveLength(2);
    expect(new Set(store.articles.map((x) => x.category.slug)).size).toBe(2);
  });
});

describe('category slugs', () => {
  it('are the hyphenated words of a plain name, and a digest of the name otherwise', () => {
    expect(categorySlug('Biz updates')).toBe('biz-updates');
    expect(categorySlug('Économie')).toMatch(/^economie--[0-9a-f]{8}$/);
    expect(categorySlug('经济')).toMatch(/^jing-ji--[0-9a-f]{8}$/);
    expect(categorySlug('🚀')).toMatch(/^category--[0-9a-f]{8}$/);
    expect(categorySlug('x'.repeat(200))).toMatch(/^x{60}--[0-9a-f]{8}$/);
  });

  it('never take a name the router keeps for itself', () => {
    expect(categorySlug('All')).toMatch(/^all--[0-9a-f]{8}$/);
    expect(categorySlug('all')).toBe(categorySlug('ALL'));
  });

  it('depend on the name alone, never on the other files or their order', () => {
    const names = ['C#', 'C++', 'Économie', 'Economie', 'All', 'All Category', '经济'];
    const forward = storeOf(names).categories;
    const backward = storeOf([...names].reverse()).categories;
    expect(backward).toEqual(forward);
    for (const category of forward) {
      expect(storeOf([category.name]).categories[0]?.slug).toBe(category.slug);
    }
  });

  it('name a category by its most used spelling, ties by string order', () => {
    expect(storeOf(['news', 'News', 'News']).categories[0]?.name).toBe('News');
    expect(storeOf(['news', 'News']).categories[0]?.name).toBe('News');
    expect(storeOf(['News', 'news']).categories[0]?.name).toBe('News');
  });

  it('read back as themselves where an operator or a subscriber gives one', () => {
    for (const name of ['Biz updates', 'Économie', 'C#', 'All']) {
      const slug = categorySlug(name);
      expect(categorySlugOf(slug)).toBe(slug);
      expect(categorySlugOf(name)).toBe(slug);
    }
  });
});
