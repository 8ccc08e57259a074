import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Article,
  createUrlSettler,
  loadArticles,
  settleArticles,
} from '../../src/articles/index.js';
import { createArticleUrlStore } from '../../src/store/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { seedArticle, writeStore } from '../helpers/store-files.js';

const options = { timezone: 'UTC' };
const at = (iso: string) => new Date(iso);
const markdown = (fields: { title: string; slug?: string; body?: string; date?: string }) =>
  [
    '---',
    `title: ${fields.title}`,
    'category: News',
    `date: ${fields.date ?? '2024-06-01 09:00'}`,
    ...(fields.slug ? [`slug: ${fields.slug}`] : []),
    '---',
    '',
    fields.body ?? 'Body.',
    '',
  ].join('\n');

describe.each(databases)('settled article URLs on $name', ({ create }) => {
  let test: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    test = await create();
  });
  afterEach(async () => {
    await test.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh settler each time: what a restarted `gazette serve` (or another worker) sees. */
  async function publish(now: Date): Promise<Map<string, Article>> {
    const store = await loadArticles(dir, options);
    const settled = await settleArticles(store.articles, createArticleUrlStore(test.db), now);
    return new Map(settled.articles.map((article) => [article.id, article]));
  }

  it('keeps an article URL through a title edit, across restarts', async () => {
    dir = writeStore({ 'story.txt': seedArticle({ title: 'First title' }) });
    const before = (await publish(at('2024-07-01T00:00:00Z'))).get('story');
    expect(before?.slug).toBe('first-title');
    writeFileSync(join(dir, 'story.txt'), seedArticle({ title: 'A better title' }));
    const after = (await publish(at('2024-07-02T00:00:00Z'))).get('story');
    expect(after?.title).toBe('A better title');
    expect(after?.slug).toBe('first-title');
    expect((await publish(at('2024-07-03T00:00:00Z'))).get('story')?.slug).toBe('first-title');
  });

  it('moves `updated` when the content changes, and keeps it across restarts when it does not', async () => {
    dir = writeStore({ 'story.txt': seedArticle({ title: 'T', date: '2024-06-21 08:00' }) });
    const first = (await publish(at('2024-07-01T00:00:00Z'))).get('story') as Article;
    expect(first.updated).toBeUndefined(); // its first content: its date
    expect((await publish(at('2024-07-02T00:00:00Z'))).get('story')?.updated).toBeUndefined();

    writeFileSync(
      join(dir, 'story.txt'),
      seedArticle({ title: 'T', date: '2024-06-21 08:00', paragraphs: ['Corrected.'] }),
    );
    const edited = (await publish(at('2024-07-03T00:00:00Z'))).get('story') as Article;
    expect(edited.updated?.toISOString()).toBe('2024-07-03T00:00:00.000Z');
    expect(edited.date.toISOString()).toBe(first.date.toISOString());
    const later = (await publish(at('2024-07-09T00:00:00Z'))).get('story') as Article;
    expect(later.updated?.toISOString()).toBe('2024-07-03T00:00:00.000Z');
  });

  it('moves an article to a new front-matter slug and redirects the old one, forever', async () => {
    dir = writeStore({ 'p.md': markdown({ title: 'Post', slug: 'old-name' }) });
    await publish(at('2024-07-01T00:00:00Z'));
    writeFileSync(join(dir, 'p.md'), markdown({ title: 'Post', slug: 'new-name' }));
    const store = await loadArticles(dir, options);
    const settler = createUrlSettler(createArticleUrlStore(test.db));
    const moved = await settler.settle(store.articles, at('2024-07-02T00:00:00Z'));
    expect(moved.articles[0]?.slug).toBe('new-name');
    expect([...moved.redirects]).toEqual([['old-name', 'new-name']]);
    // A restart reads the same from the store.
    const again = await settleArticles(
      store.articles,
      createArticleUrlStore(test.db),
      at('2024-07-03T00:00:00Z'),
    );
    expect([...again.redirects]).toEqual([['old-name', 'new-name']]);
  });

  it('never gives a slug to a second article: a new one gets a digest of its own id', async () => {
    dir = writeStore({ 'a.txt': seedArticle({ title: 'Same', date: '2024-06-01' }) });
    expect((await publish(at('2024-07-01T00:00:00Z'))).get('a')?.slug).toBe('same');
    // The first is deleted; a newer file with the same title must not inherit its URL.
    rmSync(join(dir, 'a.txt'));
    writeFileSync(join(dir, 'b.txt'), seedArticle({ title: 'Same', date: '2024-06-02' }));
    expect((await publish(at('2024-07-02T00:00:00Z'))).get('b')?.slug).toMatch(
      /^same-[0-9a-f]{8}$/,
    );
  });

  it('settles titles in other scripts to transliterated slugs, whatever the order of files', async () => {
    dir = writeStore({
      'z.txt': seedArticle({ title: '哈尔滨新闻', date: '2024-06-01' }),
      'y.txt': seedArticle({ title: 'مرحبا بالعالم', date: '2024-06-01' }),
    });
    const settled = await publish(at('2024-07-01T00:00:00Z'));
    expect(settled.get('z')?.slug).toBe('ha-er-bin-xin-wen');
    expect(settled.get('y')?.slug).toBe('mrhb-blaalm');
  });

  it('agrees with another worker settling the same new articles at the same time', async () => {
    dir = writeStore({
      'a.txt': seedArticle({ title: 'Shared', date: '2024-06-01' }),
      'b.txt': seedArticle({ title: 'Shared', date: '2024-06-02' }),
      'c.txt': seedArticle({ title: 'Other' }),
    });
    const store = await loadArticles(dir, options);
    const now = at('2024-07-01T00:00:00Z');
    const [one, two] = await Promise.all([
      settleArticles(store.articles, createArticleUrlStore(test.db), now),
      settleArticles([...store.articles].reverse(), createArticleUrlStore(test.db), now),
    ]);
    const slugs = (articles: Article[]) =>
      Object.fromEntries(articles.map((a) => [a.id, a.slug]).sort());
    expect(slugs(one?.articles ?? [])).toEqual(slugs(two?.articles ?? []));
    expect(slugs(one?.articles ?? []).a).toBe('shared');
    expect(new Set(Object.values(slugs(one?.articles ?? []))).size).toBe(3);
  });
});
