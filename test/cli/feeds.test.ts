import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_ENV_FILE } from '../helpers/cli.js';
import { multiCategoryStore, writeStore } from '../helpers/store.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

async function gazette(args: string[], env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, GAZETTE_ENV_FILE: NO_ENV_FILE, ...env },
  });
}

let store: Awaited<ReturnType<typeof writeStore>>;
let out: string;

beforeAll(async () => {
  store = await writeStore(multiCategoryStore().files);
  out = await mkdtemp(join(tmpdir(), 'gazette-public-'));
});

afterAll(async () => {
  await store.remove();
  await rm(out, { recursive: true, force: true });
  for (const suffix of ['.db', '.db-wal', '.db-shm']) await rm(`${out}${suffix}`, { force: true });
});

describe('gazette feeds build', () => {
  it('writes every document whole at its URL path and reports bad files', async () => {
    const env = {
      GAZETTE_ARTICLES_DIR: store.dir,
      GAZETTE_DATABASE_URL: `sqlite:${join(out, '..', `${basename(out)}.db`)}`,
      GAZETTE_FEED_ITEMS: '4',
      GAZETTE_TIMEZONE: 'UTC',
    };
    const first = await gazette(['feeds', 'build', '--out', out], env);
    // 28 feed documents, and the sitemap index, the pages sitemap, one month, News, robots.txt.
    expect(first.stderr).toMatch(/^broken\.txt:\d+: .+$/m);
    expect(first.stderr).toMatch(/15 articles in 3 categories: 33 files written/);
    const files = (await readdir(out, { recursive: true })).map(String).sort();
    expect(files).toContain('feeds.opml');
    for (const file of [
      'sitemap.xml',
      'news-sitemap.xml',
      'robots.txt',
      join('sitemaps', 'pages.xml'),
    ])
      expect(files).toContain(file);
    expect(files).toContain(join('feeds', 'biz-updates.atom'));
    expect(files).toContain(join('feeds', 'all', 'archive', '3.json'));
    expect(files.filter((file) => file.endsWith('.tmp'))).toEqual([]);

    const mtime = (await stat(join(out, 'feeds', 'all.atom'))).mtimeMs;
    const second = await gazette(['feeds', 'build', '--out', out], env);
    expect(second.stderr).toMatch(/0 files written, 33 unchanged/);
    expect((await stat(join(out, 'feeds', 'all.atom'))).mtimeMs).toBe(mtime);

    const fewer = await gazette(['feeds', 'build', '--out', out], {
      ...env,
      GAZETTE_FEED_ITEMS: '50',
    });
    expect(fewer.stderr).toMatch(/removed/);
    expect(await readdir(join(out, 'feeds', 'all', 'archive'))).toEqual([]);
  }, 90_000); // three runs of the command, each opening the database
});
