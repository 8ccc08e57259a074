import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WORDS =
  'harbin industry investment province pilot city manufacturing upgrade green digital transformation enterprise growth policy finance support supply chain technology'.split(
    ' ',
  );

/** A seed-format body of about 1.5 KB: six paragraphs of plausible words. */
function paragraph(seed: number): string {
  const words: string[] = [];
  for (let i = 0; i < 40; i++) words.push(WORDS[(seed * 7 + i * 13) % WORDS.length] as string);
  return `${words.join(' ')}.`;
}

export function articleText(i: number, categories: number, title = `Story ${i}`): string {
  const day = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000);
  return [
    `Home>Category ${i % categories}`,
    title,
    `Updated : ${day.toISOString().slice(0, 16).replace('T', ' ')}`,
    'By ( bench.example )',
    Array.from({ length: 6 }, (_, p) => paragraph(i + p)).join('\n'),
    'Related headline',
    'Related blurb',
  ].join('\n\n');
}

/** Writes `count` articles over `categories` categories, one an hour from 2020 on. */
export async function generateStore(count: number, categories: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gazette-bench-'));
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, count - i) }, (_, k) =>
        writeFile(
          join(dir, `${String(i + k).padStart(6, '0')}.txt`),
          articleText(i + k, categories),
        ),
      ),
    );
  }
  return dir;
}
