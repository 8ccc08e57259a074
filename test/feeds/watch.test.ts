import { EventEmitter } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLiveSite } from '../../src/app/index.js';
import { loadConfig } from '../../src/config.js';
import { keepFeedsFresh } from '../../src/feeds/index.js';
import { createLogger } from '../../src/log.js';
import { seedText, writeStore } from '../helpers/store.js';

const article = {
  file: 'one.txt',
  category: 'Biz updates',
  title: 'First version',
  date: '2024-05-01',
  paragraphs: ['Body.'],
};

describe('keepFeedsFresh', () => {
  it('rebuilds the feeds soon after an article file changes', async () => {
    const store = await writeStore({ [article.file]: seedText(article) });
    const config = loadConfig({ GAZETTE_ARTICLES_DIR: store.dir, GAZETTE_TIMEZONE: 'UTC' });
    const logger = createLogger('silent');
    const site = createLiveSite({ config, logger });
    await site.rebuild();
    const stop = keepFeedsFresh(site, config, logger);
    try {
      const tag = () => site.published().files.get('/feeds/all.atom')?.variants.identity.etag;
      const before = tag();
      await writeFile(join(store.dir, article.file), seedText({ ...article, title: 'Second' }));
      await expect.poll(tag, { timeout: 5000, interval: 50 }).not.toBe(before);
      expect(site.published().articles[0]?.title).toBe('Second');
    } finally {
      stop();
      await store.remove();
    }
  });

  it('rebuilds only the paths the watcher reported, and a full scan catches the rest', async () => {
    const other = { ...article, file: 'two.txt', title: 'Other', date: '2024-04-01' };
    const store = await writeStore({
      [article.file]: seedText(article),
      [other.file]: seedText(other),
    });
    const config = loadConfig({ GAZETTE_ARTICLES_DIR: store.dir, GAZETTE_TIMEZONE: 'UTC' });
    const logger = createLogger('silent');
    const site = createLiveSite({ config, logger });
    await site.rebuild();
    // A watcher that reports what the test tells it to, and misses everything else.
    const watcher = Object.assign(new EventEmitter(), { close: () => undefined });
    let report: (path: string | null) => void = () => undefined;
    const stop = keepFeedsFresh(site, config, logger, undefined, {
      watch: (_dir, onChange) => {
        report = onChange;
        return watcher;
      },
    });
    try {
      const titles = () =>
        site
          .published()
          .articles.map((a) => a.title)
          .sort();
      await writeFile(join(store.dir, other.file), seedText({ ...other, title: 'Missed edit' }));
      await writeFile(join(store.dir, article.file), seedText({ ...article, title: 'Reported' }));
      report(article.file);
      await expect.poll(titles, { timeout: 1500, interval: 20 }).toEqual(['Other', 'Reported']);
      // The periodic full scan, as the scheduler's feeds job runs it.
      stop.rebuild('periodic');
      await expect
        .poll(titles, { timeout: 5000, interval: 50 })
        .toEqual(['Missed edit', 'Reported']);
    } finally {
      stop();
      await store.remove();
    }
  });
});

describe('LiveSite.rebuild', () => {
  it('covers every path reported while a rebuild runs in the next one', async () => {
    const files = ['a.txt', 'b.txt', 'c.txt'].map((file, i) => ({
      ...article,
      file,
      title: `Version 1 of ${file}`,
      date: `2024-05-0${i + 1}`,
    }));
    const store = await writeStore(Object.fromEntries(files.map((a) => [a.file, seedText(a)])));
    const config = loadConfig({ GAZETTE_ARTICLES_DIR: store.dir, GAZETTE_TIMEZONE: 'UTC' });
    const site = createLiveSite({ config, logger: createLogger('silent') });
    try {
      await site.rebuild();
      for (const a of files) {
        await writeFile(
          join(store.dir, a.file),
          seedText({ ...a, title: `Version 2 of ${a.file}` }),
        );
      }
      const running = site.rebuild(['a.txt']);
      const queued = [site.rebuild(['b.txt']), site.rebuild(['c.txt'])];
      await running;
      await Promise.all(queued);
      expect(site.published().articles.map((a) => a.title)).toEqual([
        'Version 2 of c.txt',
        'Version 2 of b.txt',
        'Version 2 of a.txt',
      ]);
    } finally {
      await store.remove();
    }
  });
});
