import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedText, writeStore } from './store.js';

/** An RSA key as a PEM file in `dir`, as `GAZETTE_DKIM_KEY` names one. */
export function writeDkimKey(dir: string, name = 'dkim.pem'): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const path = join(dir, name);
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return path;
}

/** An article store; `paragraphBytes` makes each first paragraph (the summary) about that long. */
export function smallStore(options: { count?: number; paragraphBytes?: number } = {}) {
  const files: Record<string, string> = {};
  for (let i = 0; i < (options.count ?? 3); i++) {
    const filler = options.paragraphBytes ? ' lorem ipsum'.repeat(options.paragraphBytes / 12) : '';
    files[`${i}.txt`] = seedText({
      file: `${i}.txt`,
      category: i % 2 ? 'Biz updates' : 'Industrial Parks',
      title: `Story ${i}`,
      date: `2024-05-${String((i % 28) + 1).padStart(2, '0')}`,
      paragraphs: [`First paragraph of story ${i}.${filler}`, 'Second paragraph.'],
    });
  }
  return writeStore(files);
}
