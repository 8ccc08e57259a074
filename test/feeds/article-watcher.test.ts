import { execFile } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveSite } from '../../src/app/index.js';
import { loadConfig } from '../../src/config.js';
import { keepFeedsFresh, watchArticleFolder } from '../../src/feeds/index.js';
import { createLogger } from '../../src/log.js';
import { seedArticle, writeStore } from '../helpers/store-files.js';

const run = promisify(execFile);
let dir: string;
const stops: (() => void)[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  rmSync(dir, { recursive: true, force: true });
});

/** An editor's save: a new file beside the old one, renamed over it (a new inode). */
function atomicSave(path: string, text: string, temporary = `${path}.swp~`): void {
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** A watcher on `dir` and what it reported, once it is ready (its first report, a full scan). */
async function watching(): Promise<(string | null)[]> {
  const seen: (string | null)[] = [];
  const watcher = watchArticleFolder(dir, (path) => seen.push(path));
  stops.push(() => watcher.close());
  await expect.poll(() => seen.includes(null), { timeout: 5000, interval: 20 }).toBe(true);
  return seen;
}

/** Runs `save`, then waits (bounded) for a report of `path` made after it. */
async function reportedAfter(seen: (string | null)[], path: string, save: () => unknown) {
  const from = seen.length;
  await save();
  await expect
    .poll(() => seen.slice(from).includes(path), { timeout: 5000, interval: 20 })
    .toBe(true);
}

describe('the article watcher', () => {
  it('reports every atomic save of a file, again and again, in a sub-folder too', async () => {
    dir = writeStore({ 'top.txt': seedArticle({}), 'sub/deep/story.txt': seedArticle({}) });
    const seen = await watching();
    for (let save = 1; save <= 4; save++) {
      await reportedAfter(seen, 'sub/deep/story.txt', () =>
        atomicSave(join(dir, 'sub/deep/story.txt'), seedArticle({ title: `Deep ${save}` })),
      );
      await reportedAfter(seen, 'top.txt', () =>
        atomicSave(join(dir, 'top.txt'), seedArticle({ title: `Top ${save}` }), join(dir, '.t')),
      );
    }
    // `sed -i` saves the same way (a temporary file renamed over the original).
    for (const [from, to] of [
      ['Top 4', 'Top 5'],
      ['Top 5', 'Top 6'],
    ]) {
      await reportedAfter(seen, 'top.txt', () =>
        run('sed', ['-i', `s/${from}/${to}/`, join(dir, 'top.txt')]),
      );
    }
  });

  it('ignores hidden files and files that are not articles', async () => {
    dir = writeStore({ 'a.txt': seedArticle({}) });
    const seen = await watching();
    await reportedAfter(seen, 'b.md', () => {
      writeFileSync(join(dir, '.hidden.txt'), 'x');
      writeFileSync(join(dir, 'notes.bak'), 'x');
      writeFileSync(join(dir, 'b.md'), 'x');
    });
    expect(seen.filter((path) => path === '.hidden.txt' || path === 'notes.bak')).toEqual([]);
  });

  it('publishes the last of several atomic saves, however close together', async () => {
    dir = writeStore({ 'story.txt': seedArticle({ title: 'Version 0' }) });
    const config = loadConfig({ GAZETTE_ARTICLES_DIR: dir, GAZETTE_TIMEZONE: 'UTC' });
    const logger = createLogger('silent');
    const site = createLiveSite({ config, logger });
    await site.rebuild();
    stops.push(keepFeedsFresh(site, config, logger));
    const title = () => site.published().articles[0]?.title;
    for (let save = 1; save <= 3; save++) {
      atomicSave(join(dir, 'story.txt'), seedArticle({ title: `Version ${save}` }));
      await expect.poll(title, { timeout: 5000, interval: 20 }).toBe(`Version ${save}`);
    }
    // Two saves a few milliseconds apart: the second lands while the watcher re-attaches.
    atomicSave(join(dir, 'story.txt'), seedArticle({ title: 'Version 4' }));
    atomicSave(join(dir, 'story.txt'), seedArticle({ title: 'Version 5' }));
    await expect.poll(title, { timeout: 5000, interval: 20 }).toBe('Version 5');
  });
});
