import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary article store holding `files` (path → text or bytes). */
export function writeStore(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-articles-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

/** A seed-format article, with whatever fields the test needs changed. */
export function seedArticle(fields: {
  crumb?: string;
  title?: string;
  date?: string;
  byline?: string;
  paragraphs?: string[];
  related?: [string, string][];
}): string {
  const parts = [
    fields.crumb ?? 'Home>News',
    fields.title ?? 'A title',
    `Updated : ${fields.date ?? '2024-06-21'}`,
    `By ( ${fields.byline ?? 'example.org'} )`,
    (fields.paragraphs ?? ['First paragraph.', 'Second paragraph.']).join('\n'),
    ...(fields.related ?? []).flat(),
  ];
  return parts.join('\n\n');
}
