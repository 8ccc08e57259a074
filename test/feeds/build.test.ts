import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Article, loadArticles, type ParseCache } from '../../src/articles/index.js';
import { buildFeeds, type FeedBuild } from '../../src/feeds/index.js';
import { multiCategoryStore, seedText, writeStore } from '../helpers/store.js';

const options = {
  siteUrl: 'https://news.example.org',
  siteName: 'Gazette',
  language: 'en',
  feedItems: 3,
};
const now = new Date('2025-01-01T00:00:00Z');
const fixture = multiCategoryStore();
let cleanup: (() => Promise<void>) | undefined;

afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function storeOnDisk() {
  const store = await writeStore(fixture.files);
  cleanup = store.remove;
  const cache: ParseCache = new Map();
  const load = async () => (await loadArticles(store.dir, { timezone: 'UTC' }, cache)).articles;
  return { dir: store.dir, load };
}

/** Every item id with its title, from all three formats. */
function itemIds(build: FeedBuild): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  const add = (id: string | undefined, title: string | undefined) => {
    if (id) ids.set(id, [...(ids.get(id) ?? []), title ?? '']);
  };
  for (const doc of build.documents.values()) {
    if (doc.format === 'json') {
      for (const item of JSON.parse(doc.body).items) add(item.id, item.title);
    } else if (doc.format === 'atom') {
      for (const m of doc.body.matchAll(/<title type="text">([^<]*)<\/title>[\s\S]*?<id>([^<]+)/g))
        add(m[2], m[1]);
    } else if (doc.format === 'rss') {
      for (const m of doc.body.matchAll(/<guid isPermaLink="false">([^<]+)<\/guid>/g))
        add(m[1], '');
    }
  }
  return ids;
}

describe('buildFeeds', () => {
  it('keeps every item id when a title and body are edited', async () => {
    const { dir, load } = await storeOnDisk();
    const before = buildFeeds(await load(), options, now);
    const path = join(dir, '003_story.txt');
    const original = fixture.articles[3];
    if (!original) throw new Error('fixture');
    await writeFile(
      path,
      seedText({ ...original, title: 'A new title', paragraphs: ['A rewritten body.'] }),
    );
    const after = buildFeeds(await load(), options, now, before);
    const idsBefore = itemIds(before);
    const idsAfter = itemIds(after);
    expect([...idsAfter.keys()].sort()).toEqual([...idsBefore.keys()].sort());
    const id = 'tag:news.example.org,2024:articles/003_story';
    expect(idsBefore.get(id)).toContain('Story 3 about Biz updates');
    expect(idsAfter.get(id)).toContain('A new title');
    const bodies = [...after.documents.values()].map((doc) => doc.body).join('\n');
    expect(bodies).toContain('A rewritten body.');
    expect(bodies).not.toContain('Paragraph two of story 3.');
  });

  it('re-renders only the documents an edit touches', async () => {
    const { dir, load } = await storeOnDisk();
    const before = buildFeeds(await load(), options, now);
    const original = fixture.articles[12]; // Biz updates, among the newest
    if (!original) throw new Error('fixture');
    await writeFile(join(dir, original.file), seedText({ ...original, title: 'Edited' }));
    const after = buildFeeds(await load(), options, now, before);
    expect(after.changed.sort()).toEqual(
      ['/feeds/all', '/feeds/biz-updates'].flatMap((base) =>
        ['.atom', '.json', '.rss'].map((ext) => `${base}${ext}`),
      ),
    );
    for (const [path, doc] of after.documents) {
      if (!after.changed.includes(path)) expect(doc, path).toBe(before.documents.get(path));
    }
    const again = buildFeeds(await load(), options, now, after);
    expect(again.changed).toEqual([]);
  });

  it('gives the same bytes built step by step as built from scratch', async () => {
    const { dir, load } = await storeOnDisk();
    let build = buildFeeds(await load(), options, now);
    const [first, second, third] = fixture.articles;
    if (!first || !second || !third) throw new Error('fixture');
    const steps: (() => Promise<void>)[] = [
      // A new title with the same slug: only the title tells the item changed.
      () => writeFile(join(dir, first.file), seedText({ ...first, title: `${first.title} "<>"?` })),
      () =>
        writeFile(
          join(dir, 'added.txt'),
          seedText({ ...first, title: 'Added', date: '2024-06-01' }),
        ),
      () => rm(join(dir, second.file)),
      // An old article becomes the newest: every archive page after it shifts.
      () => writeFile(join(dir, third.file), seedText({ ...third, date: '2024-07-01' })),
      () => writeFile(join(dir, first.file), seedText({ ...first, category: 'Brand new' })),
    ];
    for (const [index, step] of steps.entries()) {
      await step();
      const articles = await load();
      build = buildFeeds(articles, options, now, build);
      const fresh = buildFeeds(articles, options, now);
      expect([...build.documents.keys()].sort(), `step ${index}`).toEqual(
        [...fresh.documents.keys()].sort(),
      );
      for (const [path, doc] of fresh.documents) {
        expect(build.documents.get(path)?.body, `step ${index} ${path}`).toBe(doc.body);
      }
    }
    const other = buildFeeds(
      await load(),
      { ...options, siteUrl: 'https://other.example' },
      now,
      build,
    );
    expect(other.documents.get('/feeds/all.atom')?.body).toContain(
      'https://other.example/articles/',
    );
    expect(other.documents.get('/feeds/all.atom')?.body).not.toContain('news.example.org/articles');
  });

  it('publishes a future-dated article when its date comes, not before', async () => {
    const { load } = await storeOnDisk();
    const articles = await load();
    const today = buildFeeds(articles, options, now);
    const titles = (build: FeedBuild) => build.articles.map((article: Article) => article.title);
    expect(titles(today)).not.toContain('Not yet');
    expect(today.nextPublication?.toISOString()).toBe('2999-01-01T00:00:00.000Z');
    const later = buildFeeds(articles, options, new Date('2999-01-01T00:00:00Z'), today);
    expect(titles(later)).toContain('Not yet');
    expect(later.documents.get('/feeds/all.atom')?.body).toContain('Not yet');
    expect(later.changed).toContain('/feeds/all.rss');
  });

  it('gives the same bytes for the same articles, whatever the time', async () => {
    const { load } = await storeOnDisk();
    const articles = await load();
    const a = buildFeeds(articles, options, now);
    const b = buildFeeds(articles, options, new Date('2026-06-01T00:00:00Z'));
    expect([...b.documents.keys()]).toEqual([...a.documents.keys()]);
    for (const [path, doc] of a.documents) expect(b.documents.get(path)?.body, path).toBe(doc.body);
    const atom = a.documents.get('/feeds/biz-updates.atom');
    expect(atom?.updated.toISOString()).toBe('2024-05-20T10:00:00.000Z');
    expect(atom?.body).toContain('<updated>2024-05-20T10:00:00.000Z</updated>');
  });

  it('writes RSS dates in RFC 822 and a guid that is not a permalink', async () => {
    const { load } = await storeOnDisk();
    const rss = buildFeeds(await load(), options, now).documents.get('/feeds/all.rss')?.body;
    expect(rss).toContain('<pubDate>Mon, 20 May 2024 10:00:00 GMT</pubDate>');
    expect(rss).toContain('<lastBuildDate>Mon, 20 May 2024 10:00:00 GMT</lastBuildDate>');
    expect(rss).toContain(
      '<guid isPermaLink="false">tag:news.example.org,2024:articles/md/markdown-story</guid>',
    );
    expect(rss).toContain('<dc:creator>Desk &amp; Wire &lt;13&gt;</dc:creator>');
    expect(rss).not.toContain('<author>');
    expect(rss).toContain('<language>en</language>');
  });

  it('advertises a WebSub hub in every format', async () => {
    const { load } = await storeOnDisk();
    const hub = 'https://hub.example.org/';
    const docs = buildFeeds(await load(), { ...options, websubHub: hub }, now).documents;
    expect(docs.get('/feeds/all.atom')?.body).toContain(`<link rel="hub" href="${hub}"/>`);
    expect(docs.get('/feeds/all.rss')?.body).toContain(`<atom:link href="${hub}" rel="hub"/>`);
    expect(JSON.parse(docs.get('/feeds/all.json')?.body ?? '{}').hubs).toEqual([
      { type: 'WebSub', url: hub },
    ]);
  });
});
