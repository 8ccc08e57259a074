import { mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ArticleStore, loadArticles, type ParseCache } from '../../src/articles/index.js';
import { seedArticle, writeStore } from '../helpers/store-files.js';

const options = { timezone: 'UTC' };
const titles = (store: ArticleStore) => store.articles.map((a) => `${a.id}: ${a.title}`).sort();
let dir: string;

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loading only the paths a watcher reported', () => {
  it('picks up an edit, an addition and a deletion, and reads nothing else', async () => {
    dir = writeStore({
      'a.txt': seedArticle({ title: 'A' }),
      'b.txt': seedArticle({ title: 'B' }),
      'c.txt': seedArticle({ title: 'C' }),
      'sub/d.md': '---\ntitle: D\ncategory: News\ndate: 2024-06-22\n---\nBody.\n',
    });
    const cache: ParseCache = new Map();
    expect(titles(await loadArticles(dir, options, cache))).toEqual([
      'a: A',
      'b: B',
      'c: C',
      'sub/d: D',
    ]);

    writeFileSync(join(dir, 'a.txt'), seedArticle({ title: 'A, edited' }));
    writeFileSync(join(dir, 'e.txt'), seedArticle({ title: 'E, added' }));
    unlinkSync(join(dir, 'sub/d.md'));
    // Not reported: an incremental load must not look at it (a full scan would).
    writeFileSync(join(dir, 'b.txt'), seedArticle({ title: 'B, unreported edit' }));
    const changed = ['a.txt', 'e.txt', 'sub/d.md', '.a.txt.swp', 'notes.bak'];
    const store = await loadArticles(dir, options, cache, changed);
    expect(titles(store)).toEqual(['a: A, edited', 'b: B', 'c: C', 'e: E, added']);
    expect(store.problems).toEqual([]);

    const full = await loadArticles(dir, options, cache);
    expect(titles(full)).toEqual(['a: A, edited', 'b: B, unreported edit', 'c: C', 'e: E, added']);
  });

  it('reports a changed file that no longer parses, and forgets it once it is deleted', async () => {
    dir = writeStore({ 'a.txt': seedArticle({ title: 'A' }), 'b.txt': seedArticle({}) });
    const cache: ParseCache = new Map();
    await loadArticles(dir, options, cache);
    writeFileSync(join(dir, 'a.txt'), 'Home>News\n\nNo date\n');
    const broken = await loadArticles(dir, options, cache, ['a.txt']);
    expect(broken.problems.map((p) => p.path)).toEqual(['a.txt']);
    unlinkSync(join(dir, 'a.txt'));
    const gone = await loadArticles(dir, options, cache, ['a.txt']);
    expect(gone.problems).toEqual([]);
    expect(gone.articles.map((a) => a.id)).toEqual(['b']);
  });

  it('scans the whole folder when a reported path is a folder', async () => {
    dir = writeStore({ 'a.txt': seedArticle({ title: 'A' }) });
    const cache: ParseCache = new Map();
    await loadArticles(dir, options, cache);
    mkdirSync(join(dir, 'moved-in'));
    writeFileSync(join(dir, 'moved-in/x.txt'), seedArticle({ title: 'X' }));
    const added = await loadArticles(dir, options, cache, ['moved-in']);
    expect(titles(added)).toEqual(['a: A', 'moved-in/x: X']);
    rmSync(join(dir, 'moved-in'), { recursive: true });
    const removed = await loadArticles(dir, options, cache, ['moved-in']);
    expect(titles(removed)).toEqual(['a: A']);
  });

  it('scans the whole folder the first time, whatever it is told', async () => {
    dir = writeStore({
      'a.txt': seedArticle({ title: 'A' }),
      'b.txt': seedArticle({ title: 'B' }),
    });
    const store = await loadArticles(dir, options, new Map(), ['a.txt']);
    expect(titles(store)).toEqual(['a: A', 'b: B']);
  });
});
