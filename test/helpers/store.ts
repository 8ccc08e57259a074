import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface SeedArticle {
  file: string;
  category: string;
  title: string;
  date: string;
  byline?: string;
  paragraphs: string[];
  related?: { headline: string; blurb: string }[];
}

/** An article in the seed format of DESIGN.md, with its trailing related teasers. */
export function seedText(article: SeedArticle): string {
  const parts = [`Home>${article.category}`, article.title, `Updated : ${article.date}`];
  if (article.byline) parts.push(`By ( ${article.byline} )`);
  parts.push(article.paragraphs.join('\n'));
  for (const teaser of article.related ?? []) parts.push(teaser.headline, teaser.blurb);
  return `${parts.join('\n\n')}\n`;
}

export const TRICKY_TITLE = 'R&D <Labs> say "AT&T" & co won\'t ]]> stop ]]> &amp; more';

/**
 * A store with three categories (two spellings of one), a title full of markup characters, a
 * Markdown article, related teasers, a future-dated article and a file that does not parse.
 */
export function multiCategoryStore(): { files: Record<string, string>; articles: SeedArticle[] } {
  const categories = ['Biz updates', 'Industrial Parks', 'R&D "Labs" <Beta'];
  const articles: SeedArticle[] = [];
  for (let i = 0; i < 14; i++) {
    const category = categories[i % 3] as string;
    articles.push({
      file: `${String(i).padStart(3, '0')}_story.txt`,
      category: i === 4 ? 'industrial  parks' : category,
      title: i === 7 ? TRICKY_TITLE : `Story ${i} about ${category}`,
      date: `2024-05-${String(i + 1).padStart(2, '0')} 09:${String(i).padStart(2, '0')}`,
      byline: i % 2 === 0 ? 'e.my399.com' : `Desk & Wire <${i}>`,
      paragraphs: [
        `Paragraph one of story ${i}: <b>not markup</b> & "quoted".`,
        `Paragraph two of story ${i}.`,
      ],
      related: [{ headline: `Related headline ${i}`, blurb: `Related blurb ${i}` }],
    });
  }
  const files: Record<string, string> = {};
  for (const article of articles) files[article.file] = seedText(article);
  files['md/markdown-story.md'] = [
    '---',
    'title: A Markdown story',
    'category: Biz updates',
    'date: 2024-05-20 10:00',
    'author: Jane Doe',
    '---',
    '',
    'Some *emphasis* and a [link](https://example.org/).',
    '',
    'A second paragraph.',
    '',
  ].join('\n');
  files['future.txt'] = seedText({
    file: 'future.txt',
    category: 'Biz updates',
    title: 'Not yet',
    date: '2999-01-01',
    paragraphs: ['From the future.'],
  });
  files['broken.txt'] = 'Home>Biz updates\n\nNo date here\n\nUpdated : someday\n\nBody.\n';
  return { files, articles };
}

export async function writeStore(files: Record<string, string>): Promise<{
  dir: string;
  remove: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'gazette-store-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
