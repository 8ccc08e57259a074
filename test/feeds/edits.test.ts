import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLiveSite } from '../../src/app/index.js';
import { createUrlSettler } from '../../src/articles/index.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/index.js';
import { createLogger } from '../../src/log.js';
import { createArticleUrlStore } from '../../src/store/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { seedArticle, writeStore } from '../helpers/store-files.js';

const site = 'https://news.example.org';

describe.each(databases)('edits seen by readers, with URLs settled on $name', ({ create }) => {
  let test: TestDatabase;
  let dir: string;
  let clock: Date;

  beforeEach(async () => {
    test = await create();
    clock = new Date('2024-07-01T00:00:00Z');
  });
  afterEach(async () => {
    await test.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `gazette serve` as it wires the site: a (re)started server on the same database. */
  async function start() {
    const config = loadConfig({
      GAZETTE_ARTICLES_DIR: dir,
      GAZETTE_SITE_URL: site,
      GAZETTE_TIMEZONE: 'UTC',
    });
    const logger = createLogger('silent');
    const urls = createUrlSettler(createArticleUrlStore(test.db));
    const live = createLiveSite({ config, logger, urls, now: () => clock });
    await live.rebuild();
    const app = createApp({ config, logger, site: live });
    const read = async (path: string) => {
      const response = await app.request(path);
      return { status: response.status, headers: response.headers, text: await response.text() };
    };
    return { live, read };
  }

  const entryOf = (atom: string) => ({
    id: /<entry>[\s\S]*?<id>([^<]+)<\/id>/.exec(atom)?.[1],
    link: /<entry>[\s\S]*?<link href="([^"]+)"/.exec(atom)?.[1],
    title: /<entry>[\s\S]*?<title type="text">([^<]+)<\/title>/.exec(atom)?.[1],
    updated: /<entry>[\s\S]*?<updated>([^<]+)<\/updated>/.exec(atom)?.[1],
    published: /<published>([^<]+)<\/published>/.exec(atom)?.[1],
    feedUpdated: /<feed[^>]*>[\s\S]*?<updated>([^<]+)<\/updated>/.exec(atom)?.[1],
  });

  it('a title edit keeps the id and a URL that still works', async () => {
    dir = writeStore({ 'story.txt': seedArticle({ title: 'First title', crumb: 'Home>News' }) });
    const server = await start();
    const before = entryOf((await server.read('/feeds/news.atom')).text);
    expect(before.link).toBe(`${site}/articles/first-title`);

    writeFileSync(
      join(dir, 'story.txt'),
      seedArticle({ title: 'Second title', crumb: 'Home>News' }),
    );
    await server.live.rebuild(['story.txt']);
    const after = entryOf((await server.read('/feeds/news.atom')).text);
    expect(after.title).toBe('Second title');
    expect(after.id).toBe(before.id);
    expect(after.link).toBe(before.link);
    const page = await server.read('/articles/first-title');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Second title</h1>');
    expect((await server.read('/articles/second-title')).status).toBe(404);

    const restarted = await start();
    expect(entryOf((await restarted.read('/feeds/news.atom')).text).link).toBe(before.link);
  });

  it('a content edit moves `updated` (entry and feed), never the id or `published`', async () => {
    dir = writeStore({
      'story.txt': seedArticle({ crumb: 'Home>News', date: '2024-06-21 08:00' }),
    });
    const server = await start();
    const before = entryOf((await server.read('/feeds/news.atom')).text);
    expect(before.updated).toBe('2024-06-21T08:00:00.000Z');

    clock = new Date('2024-07-02T10:00:00Z');
    writeFileSync(
      join(dir, 'story.txt'),
      seedArticle({ crumb: 'Home>News', date: '2024-06-21 08:00', paragraphs: ['Corrected.'] }),
    );
    await server.live.rebuild(['story.txt']);
    const atom = await server.read('/feeds/news.atom');
    const after = entryOf(atom.text);
    expect(after.id).toBe(before.id);
    expect(after.published).toBe(before.published);
    expect(after.updated).toBe('2024-07-02T10:00:00.000Z');
    expect(after.feedUpdated).toBe('2024-07-02T10:00:00.000Z');
    expect(atom.headers.get('last-modified')).toBe('Tue, 02 Jul 2024 10:00:00 GMT');
    const json = JSON.parse((await server.read('/feeds/news.json')).text);
    expect(json.items[0].date_modified).toBe('2024-07-02T10:00:00.000Z');
    expect(json.items[0].date_published).toBe('2024-06-21T08:00:00.000Z');

    // Unchanged since: a restart days later shows the same time.
    clock = new Date('2024-07-09T00:00:00Z');
    const restarted = await start();
    expect(entryOf((await restarted.read('/feeds/news.atom')).text).updated).toBe(after.updated);
  });

  it('a former URL answers 301 to the current one, also after a restart', async () => {
    const post = (slug: string) =>
      `---\ntitle: Post\ncategory: News\ndate: 2024-06-01\nslug: ${slug}\n---\n\nBody.\n`;
    dir = writeStore({ 'p.md': post('old-name') });
    const server = await start();
    writeFileSync(join(dir, 'p.md'), post('new-name'));
    await server.live.rebuild(['p.md']);
    for (const running of [server, await start()]) {
      const old = await running.read('/articles/old-name');
      expect(old.status).toBe(301);
      expect(old.headers.get('location')).toBe('/articles/new-name');
      expect((await running.read('/articles/new-name')).status).toBe(200);
    }
  });
});
