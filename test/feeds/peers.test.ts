import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import jsonFeedSchema from 'jsonfeed-schema/schema-v1.1.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categorySlug, loadArticles } from '../../src/articles/index.js';
import { buildFeeds, type FeedBuild, publishFeeds } from '../../src/feeds/index.js';
import { feedparser, jing, jingAtom, type ParsedFeed, readJsonFeed } from '../helpers/peers.js';
import { multiCategoryStore, TRICKY_TITLE, writeStore } from '../helpers/store.js';
import { debianPython, hasTool } from '../helpers/tools.js';

const site = 'http://news.example.org';
const options = {
  siteUrl: site,
  siteName: 'Gazette & Co',
  language: 'en',
  feedItems: 4,
  websubHub: 'https://hub.example.org/',
};
const now = new Date('2025-01-01T00:00:00Z');
const fixture = multiCategoryStore();
const titles = new Map(
  [...fixture.articles, { file: 'md/markdown-story.md', title: 'A Markdown story' }].map((a) => [
    `tag:news.example.org,2024:articles/${a.file.replace(/\.[^.]+$/, '')}`,
    a.title,
  ]),
);

let out: string;
let build: FeedBuild;
let removeStore: () => Promise<void>;
let parsed: Record<string, ParsedFeed> = {};

beforeAll(async () => {
  const store = await writeStore(fixture.files);
  removeStore = store.remove;
  const articles = await loadArticles(store.dir, { timezone: 'UTC' });
  build = buildFeeds(articles.articles, options, now);
  out = await mkdtemp(join(tmpdir(), 'gazette-feeds-'));
  await publishFeeds(out, build.documents.values());
  if (hasTool(debianPython, 'python3-feedparser')) {
    parsed = await feedparser(feedFiles(/\.(rss|atom)$/));
  }
  for (const file of feedFiles(/\.json$/))
    parsed[file] = readJsonFeed(await readFile(file, 'utf8'));
});

afterAll(async () => {
  await removeStore();
  await rm(out, { recursive: true, force: true });
});

function feedFiles(pattern: RegExp): string[] {
  return [...build.documents.keys()].filter((p) => pattern.test(p)).map((p) => join(out, p));
}

const fileOf = (url: string) => join(out, url.slice(site.length));

describe('feeds read by python3-feedparser', () => {
  it.runIf(hasTool(debianPython, 'python3-feedparser'))(
    'parse without bozo, with exact titles and bodies without teasers',
    () => {
      expect(Object.keys(parsed).length).toBe(feedFiles(/\.(rss|atom|json)$/).length);
      for (const [path, feed] of Object.entries(parsed)) {
        expect(feed.bozoException, path).toBeNull();
        expect(feed.bozo, path).toBe(0);
        expect(feed.entries.length, path).toBeGreaterThan(0);
        for (const entry of feed.entries) {
          expect(entry.title, `${path} ${entry.id}`).toBe(titles.get(entry.id));
          expect(entry.link).toMatch(/^http:\/\/news\.example\.org\/articles\/[a-z0-9-]+$/);
          expect(entry.content).not.toContain('Related');
          expect(entry.content).not.toContain('<b>');
          expect(entry.published).toBeTruthy();
        }
      }
      const tricky = Object.values(parsed).flatMap((feed) =>
        feed.entries.filter((entry) => entry.title === TRICKY_TITLE),
      );
      expect(tricky.length).toBeGreaterThanOrEqual(6); // its category and `all`, three formats
    },
  );

  it.runIf(hasTool(debianPython, 'python3-feedparser'))(
    'subscription documents hold the newest items, archives hold the rest',
    () => {
      // 15 published: 14 seed articles plus the Markdown one; the future and broken ones wait.
      for (const format of ['rss', 'atom', 'json']) {
        const ids = new Set<string>();
        let path: string | undefined = join(out, `feeds/all.${format}`);
        const seen: string[] = [];
        while (path) {
          const feed = parsed[path] as ParsedFeed;
          expect(feed, path).toBeDefined();
          seen.push(path);
          for (const entry of feed.entries) ids.add(entry.id);
          // JSON Feed pages toward older items with `next_url`.
          const older = format === 'json' ? 'next' : 'prev-archive';
          const prev = feed.links.find((link) => link.rel === older);
          if (format !== 'json' && seen.length > 1) {
            expect(feed.links.some((link) => link.rel === 'current')).toBe(true);
          }
          path = prev ? fileOf(prev.href) : undefined;
        }
        expect(seen.map((p) => p.slice(out.length))).toEqual([
          `/feeds/all.${format}`,
          `/feeds/all/archive/3.${format}`,
          `/feeds/all/archive/2.${format}`,
          `/feeds/all/archive/1.${format}`,
        ]);
        expect([...ids].sort()).toEqual([...titles.keys()].sort());
        expect((parsed[join(out, `feeds/all.${format}`)] as ParsedFeed).entries.length).toBe(4);
      }
      const labs = categorySlug('R&D "Labs" <Beta');
      expect(labs).toMatch(/^r-and-d-labs-beta--[0-9a-f]{8}$/);
      const categoryFeed = parsed[join(out, `feeds/${labs}.atom`)] as ParsedFeed;
      expect(categoryFeed.title).toBe('Gazette & Co: R&D "Labs" <Beta');
    },
  );
});

describe('validators', () => {
  it.runIf(hasTool(jing, 'jing'))('every Atom document is valid RFC 4287', async () => {
    const atoms = feedFiles(/\.atom$/);
    expect(atoms.length).toBeGreaterThan(8);
    await expect(jingAtom(atoms)).resolves.toBeUndefined();
  });

  it('every JSON Feed is valid JSON Feed 1.1', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(jsonFeedSchema);
    const files = feedFiles(/\.json$/);
    expect(files.length).toBeGreaterThan(4);
    for (const file of files) {
      const doc = JSON.parse(await readFile(file, 'utf8'));
      expect(validate(doc) ? [] : validate.errors, file).toEqual([]);
      expect(doc.version).toBe('https://jsonfeed.org/version/1.1');
      expect(doc.language).toBe('en');
    }
  });

  it('publishes every document at the path of its URL, and the OPML lists every feed', async () => {
    const listed = await readdir(join(out, 'feeds'));
    expect(listed).toContain('all.atom');
    expect(listed).toContain('biz-updates.rss');
    expect(listed).toContain('industrial-parks.json');
    const opml = await readFile(join(out, 'feeds.opml'), 'utf8');
    for (const name of [
      'all',
      'biz-updates',
      'industrial-parks',
      categorySlug('R&D "Labs" <Beta'),
    ]) {
      expect(opml).toContain(`xmlUrl="${site}/feeds/${name}.atom"`);
    }
    // OPML reads `text` as HTML: the name is HTML text, escaped again for XML.
    expect(opml).toContain(
      'text="Gazette &amp;amp; Co: R&amp;amp;D &quot;Labs&quot; &amp;lt;Beta"',
    );
  });
});
