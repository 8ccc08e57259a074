import { createHash } from 'node:crypto';
import { transliterate } from 'transliteration';

const MAX_SLUG = 80;

/**
 * ASCII, lower-case, hyphenated, at most 80 characters. Other scripts are transliterated
 * (`哈尔滨` → `ha-er-bin`, `Привет` → `privet`) by the `transliteration` library; empty when
 * nothing is left (emoji, symbols).
 */
export function slugify(text: string): string {
  return transliterate(text.normalize('NFC'))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
}

/** A short, stable, URL-safe digest of `text`: the part of a slug that tells names apart. */
export function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * An article's slug when neither the front matter nor the title gives one: from its id (the
 * file's path), else a digest of that id. Never a counter: it must not depend on other files.
 */
export function idSlug(id: string): string {
  return slugify(id) || `article-${shortHash(id)}`;
}

/** `slug` made distinct for one article, by a digest of its id (longer on each `attempt`). */
export function slugWithId(slug: string, id: string, attempt = 1): string {
  const suffix = shortHash(id, 8 * attempt);
  return `${slug.slice(0, MAX_SLUG - suffix.length - 1).replace(/-+$/, '')}-${suffix}`;
}
