import { createHash } from 'node:crypto';

/** ASCII, lower-case, hyphenated. Empty when the text has no Latin letters or digits. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/** A category's slug: spellings that differ only in case or spacing share one. */
export function categorySlug(name: string): string {
  const slug = slugify(name);
  if (slug) return slug;
  // Names in scripts slugify cannot transliterate still need a stable, URL-safe slug.
  const normalised = name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return `c-${createHash('sha256').update(normalised).digest('hex').slice(0, 10)}`;
}

/**
 * Gives each item a slug unique among them, in the order given: later duplicates get `-2`, `-3`...
 */
export function uniqueSlugs(bases: string[]): string[] {
  const taken = new Set<string>();
  return bases.map((base) => {
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    return slug;
  });
}
