import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const xmllint = '/usr/bin/xmllint';
const schemas = join(import.meta.dirname, '..', 'fixtures', 'sitemaps');

export type Schema = 'sitemap' | 'siteindex' | 'news-sitemap';

/** xmllint's verdict on `body` against one of the shipped schemas: '' when valid. */
export async function schemaErrors(body: string, schema: Schema): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-sitemap-'));
  const file = join(dir, 'doc.xml');
  writeFileSync(file, body);
  try {
    await run(xmllint, ['--noout', '--schema', join(schemas, `${schema}.xsd`), file]);
    return '';
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A Markdown article with front matter. */
export function markdownArticle(fields: {
  title: string;
  category: string;
  date: string;
  author?: string;
  summary?: string;
  body?: string;
}): string {
  return [
    '---',
    `title: ${JSON.stringify(fields.title)}`,
    `category: ${JSON.stringify(fields.category)}`,
    `date: ${fields.date}`,
    ...(fields.author ? [`author: ${JSON.stringify(fields.author)}`] : []),
    ...(fields.summary ? [`summary: ${JSON.stringify(fields.summary)}`] : []),
    '---',
    '',
    fields.body ?? 'Some text.',
    '',
  ].join('\n');
}

/** `<loc>` values of a sitemap or index, in order. */
export function locs(xml: string): string[] {
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) =>
    (match[1] as string).replace(/&amp;/g, '&'),
  );
}
