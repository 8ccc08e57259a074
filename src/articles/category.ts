import { shortHash, slugify } from './slug.js';

/**
 * Feed names the router gives a meaning of its own: `/feeds/all.*` is every category together.
 * A category named so gets a slug with a digest instead.
 */
export const RESERVED_FEED_NAMES: ReadonlySet<string> = new Set(['all']);

/**
 * What makes two category names one category: equal after Unicode NFC, full case folding and
 * white space collapsed. Case folding is done per code point by the runtime's ICU, as lower,
 * upper, lower case: for every code point of Unicode's CaseFolding.txt this gives the same
 * classes as its C and F mappings (`ß` ~ `SS` ~ `ẞ`, `ς` ~ `σ`, `µ` ~ `μ`); a test checks that
 * against the file. Dotless `ı` keeps its own class, as CaseFolding.txt has it.
 */
export function categoryKey(name: string): string {
  let folded = '';
  for (const character of name.normalize('NFC')) {
    folded += character === 'ı' ? character : character.toLowerCase().toUpperCase().toLowerCase();
  }
  return folded.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** A name that its plain slug stands for alone: lower-case ASCII words, single spaces. */
const PLAIN = /^[a-z0-9]+(?: [a-z0-9]+)*$/;
const MAX_PLAIN = 80;

/**
 * A category's slug, from its name alone, so that it never depends on which other files are in
 * the store. A name of plain words (`Biz updates`) gets them hyphenated (`biz-updates`); any
 * other name (accents, symbols, other scripts, a reserved or a very long one) gets its
 * transliteration and a digest of its key after `--` (`Économie` → `economie--1f0c5e9a`,
 * `C#` → `c--…`, `C++` → `c--…`), which no plain slug contains. So distinct categories never
 * share a slug, and spellings of one category always do.
 */
export function categorySlug(name: string, digits = 8): string {
  const key = categoryKey(name);
  if (PLAIN.test(key) && key.length <= MAX_PLAIN) {
    const slug = key.replace(/ /g, '-');
    if (!RESERVED_FEED_NAMES.has(slug)) return slug;
  }
  const base = slugify(key).slice(0, 60).replace(/-+$/, '') || 'category';
  return `${base}--${shortHash(key, digits)}`;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:--[0-9a-f]{8}(?:[0-9a-f]{8})?)?$/;

/** Whether `text` has the form of a category slug (as subscribers' choices are kept). */
export function isCategorySlug(text: string): boolean {
  return SLUG.test(text);
}

/** A category as an operator or a subscriber names it: a slug as it is, a name as its slug. */
export function categorySlugOf(nameOrSlug: string): string {
  return isCategorySlug(nameOrSlug) ? nameOrSlug : categorySlug(nameOrSlug);
}
