import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepFeedsFresh } from '../../src/cli/serve.js';
import { loadConfig } from '../../src/config.js';
import { createLiveSite } from '../../src/http/index.js';
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
});
