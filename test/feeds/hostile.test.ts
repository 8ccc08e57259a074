import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import jsonFeedSchema from 'jsonfeed-schema/schema-v1.1.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Article, type ArticleStore, loadArticles } from '../../src/articles/index.js';
import {
  articleUrl,
  buildFeeds,
  type FeedBuild,
  itemId,
  publishFeeds,
} from '../../src/feeds/index.js';
import { articlePage, homePage } from '../../src/http/pages/index.js';
import { feedparser, jing, jingAtom, type ParsedFeed, readJsonFeed } from '../helpers/peers.js';
import { debianPython, hasTool } from '../helpers/tools.js';
import { xmlErrors } from '../helpers/xml.js';

const run = promisify(execFile);

/** The hostile store: every file there is odd on purpose (see the list in `docs/feeds.md`). */
const HOSTILE_STORE = resolve(import.meta.dirname, '../fixtures/hostile');
const site = 'https://news.example.org';
const options = {
  siteUrl: site,
  siteName: 'Gazette & <Co> "quoted" \u0085\uFFFE',
  language: 'en',
  feedItems: 4,
};
const now = new Date('2025-01-01T00:00:00Z');
const xmllint = '/usr/bin/xmllint';

let store: ArticleStore;
let build: FeedBuild;
let out: string;
let parsed: Record<string, ParsedFeed> = {};

beforeAll(async () => {
  store = await loadArticles(HOSTILE_STORE, { timezone: 'UTC' });
  build = buildFeeds(store.articles, options, now);
  out = await mkdtemp(join(tmpdir(), 'gazette-hostile-'));
  await publishFeeds(out, build.documents.values());
  if (hasTool(debianPython, 'python3-feedparser'))
    parsed = await feedparser(files(/\.(rss|atom)$/));
  for (const file of files(/\.json$/)) parsed[file] = readJsonFeed(await readFile(file, 'utf8'));
});

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

function files(pattern: RegExp): string[] {
  return [...build.documents.keys()].filter((p) => pattern.test(p)).map((p) => join(out, p));
}

const fileOf = (url: string) => join(out, new URL(url).pathname);

describe('the hostile store', () => {
  it('publishes every file but the one with a NUL byte and the one that is not UTF-8', () => {
    expect(store.problems.map((p) => p.message)).toEqual([
      'binary.txt:7: binary file (contains NUL bytes)',
      'latin1.txt:3: not valid UTF-8 (byte 14)',
    ]);
    expect(store.articles).toHaveLength(33);
    expect(build.articles).toHaveLength(33);
  });

  it('warns, with path and line, for every character it removed', () => {
    expect((store.warnings ?? []).map((w) => `${w.path}:${w.line}`)).toEqual([
      'c1-controls.txt:3',
      'c1-controls.txt:9',
      'entities.md:8',
      'form-feed.txt:9',
      'form-feed.txt:10',
      'noncharacters.txt:3',
      'noncharacters.txt:7',
      'noncharacters.txt:9',
      'yaml-escapes.md:2',
      'yaml-escapes.md:3',
      'yaml-escapes.md:5',
      'yaml-escapes.md:6',
    ]);
    expect(store.warnings?.[0]?.message).toBe(
      'c1-controls.txt:3: warning: removed U+0085, U+0080, U+009F from this line: characters a feed cannot carry',
    );
  });

  it('keeps categories apart unless they differ in case, spacing or normalisation', () => {
    const byName = new Map(store.categories.map((c) => [c.name, c.slug]));
    expect(store.categories).toHaveLength(22);
    expect(new Set(byName.values()).size).toBe(22);
    expect(byName.get('All')).toMatch(/^all--[0-9a-f]{8}$/);
    expect(byName.get('All Category')).toBe('all-category');
    expect(byName.get('C#')).not.toBe(byName.get('C++'));
    expect(byName.get('Economie')).toBe('economie');
    expect(byName.get('Économie')).toMatch(/^economie--[0-9a-f]{8}$/);
    expect(byName.get('Kirmizi')).not.toBe(byName.get('Kırmızı'));
    // One category each: case and spacing, `ß`/`SS`, and composed/decomposed accents.
    const slugOf = (id: string) => store.articles.find((a) => a.id === id)?.category.slug;
    expect(slugOf('parks-1')).toBe(slugOf('parks-2'));
    expect(slugOf('strasse-1')).toBe(slugOf('strasse-2'));
    expect(slugOf('cafe-nfc')).toBe(slugOf('cafe-nfd'));
  });

  it('gives every article a distinct slug', () => {
    const slugs = store.articles.map((a) => a.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('every document of the hostile store', () => {
  it('is well-formed XML for a strict parser (RSS, Atom, OPML)', () => {
    const docs = [...build.documents.values()].filter((doc) => doc.format !== 'json');
    expect(docs.length).toBeGreaterThan(60);
    for (const doc of docs) expect(xmlErrors(doc.body, doc.path), doc.path).toEqual([]);
  });

  it.runIf(hasTool(xmllint, 'libxml2-utils'))('is well-formed XML for libxml2', async () => {
    await expect(run(xmllint, ['--noout', ...files(/\.(rss|atom|opml)$/)])).resolves.toBeDefined();
  });

  it.runIf(hasTool(debianPython, 'python3-feedparser'))('reads in feedparser without bozo', () => {
    for (const file of files(/\.(rss|atom)$/)) {
      expect(parsed[file]?.bozoException ?? null, file).toBeNull();
      expect(parsed[file]?.bozo, file).toBe(0);
    }
  });

  it.runIf(hasTool(jing, 'jing'))('passes RFC 4287 (Atom) with jing', async () => {
    await expect(jingAtom(files(/\.atom$/))).resolves.toBeUndefined();
  });

  it('passes the JSON Feed 1.1 schema', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(jsonFeedSchema);
    for (const file of files(/\.json$/)) {
      const doc = JSON.parse(await readFile(file, 'utf8'));
      expect(validate(doc) ? [] : validate.errors, file).toEqual([]);
    }
  });
});

describe('each article, read back by a reader', () => {
  /** Every entry of a feed, walking its archive chain from the subscription document. */
  function walk(name: string, format: 'rss' | 'atom' | 'json'): ParsedFeed['entries'] {
    const entries: ParsedFeed['entries'] = [];
    const older = format === 'json' ? 'next' : 'prev-archive';
    let path: string | undefined = join(out, `feeds/${name}.${format}`);
    for (let guard = 0; path && guard < 100; guard++) {
      const feed: ParsedFeed | undefined = parsed[path];
      if (!feed) throw new Error(`not parsed: ${path}`);
      entries.push(...feed.entries);
      const link: { href: string } | undefined = feed.links.find((l) => l.rel === older);
      path = link ? fileOf(link.href) : undefined;
    }
    return entries;
  }

  const formats = ['rss', 'atom', 'json'] as const;
  const expectEntry = (entry: ParsedFeed['entries'][number], article: Article, where: string) => {
    expect(entry.title, where).toBe(article.title);
    expect(entry.link, where).toBe(articleUrl(site, article));
    expect(entry.tags, where).toEqual([article.category.name]);
  };

  it.runIf(hasTool(debianPython, 'python3-feedparser'))(
    'has its exact title, link, id and category in `all` and in its category feed',
    () => {
      for (const format of formats) {
        const all = walk('all', format);
        expect(all.map((e) => e.id).sort(), format).toEqual(
          build.articles.map((a) => itemId(site, a)).sort(),
        );
        for (const article of build.articles) {
          const id = itemId(site, article);
          const where = `${format} ${article.id}`;
          const inAll = all.filter((e) => e.id === id);
          expect(inAll, where).toHaveLength(1);
          expectEntry(inAll[0] as ParsedFeed['entries'][number], article, where);
          const inCategory = walk(article.category.slug, format).filter((e) => e.id === id);
          expect(inCategory, where).toHaveLength(1);
          expectEntry(inCategory[0] as ParsedFeed['entries'][number], article, where);
        }
      }
    },
  );

  it.runIf(hasTool(debianPython, 'python3-feedparser'))(
    'visits every item exactly once through the archive links, in either direction',
    () => {
      for (const key of ['all', ...build.categories.map((c) => c.slug)]) {
        for (const format of ['rss', 'atom'] as const) {
          const current = parsed[join(out, `feeds/${key}.${format}`)] as ParsedFeed;
          const backwards = walk(key, format).map((e) => e.id);
          expect(new Set(backwards).size, `${key}.${format}`).toBe(backwards.length);
          // Forwards: from the oldest page through `next-archive`, then the current document.
          const forwards: string[] = [];
          let path: string | undefined = current.links.some((l) => l.rel === 'prev-archive')
            ? join(out, `feeds/${key}/archive/1.${format}`)
            : undefined;
          while (path) {
            const page = parsed[path] as ParsedFeed;
            forwards.push(...page.entries.map((e) => e.id));
            const next = page.links.find((l) => l.rel === 'next-archive');
            path = next ? fileOf(next.href) : undefined;
          }
          forwards.push(...current.entries.map((e) => e.id));
          expect([...forwards].sort(), `${key}.${format}`).toEqual([...backwards].sort());
          expect(new Set(forwards).size).toBe(forwards.length);
        }
      }
    },
  );

  it('makes every relative link and image absolute against the article URL, in every format', () => {
    const cms = build.articles.find((a) => a.id === 'cms') as Article;
    const base = articleUrl(site, cms);
    for (const doc of build.documents.values()) {
      if (doc.format === 'opml' || !doc.body.includes('Markdown from a CMS')) continue;
      // Raw HTML in the Markdown is shown as text (`&lt;a href="javascript:..."&gt;`): left out.
      const text = (doc.format === 'json' ? doc.body.replace(/\\"/g, '"') : doc.body).replace(
        /&lt;.*?&gt;/g,
        '',
      );
      expect(text, doc.path).toContain(`href="${site}/about"`);
      expect(text, doc.path).toContain(`href="${site}/articles/pic.jpg"`);
      expect(text, doc.path).toContain(`href="${base}#top"`);
      expect(text, doc.path).toContain('href="https://cdn.example.org/file.pdf"');
      expect(text, doc.path).toContain(`src="${site}/img/a.png"`);
      expect(text, doc.path).toContain(`href="${base}#footnote-1"`);
      expect(text, doc.path).not.toMatch(/(href|src)="(?!https:|mailto:)/);
      expect(text, doc.path).not.toMatch(/javascript:alert\(\d\)"|data:|vbscript:/i);
    }
  });
});

describe('the article page', () => {
  it('shows the sanitized body with every relative link and image made absolute', () => {
    const cms = build.articles.find((a) => a.id === 'cms') as Article;
    const html = articlePage({
      siteUrl: site,
      siteName: options.siteName,
      language: 'en',
      timezone: 'UTC',
      article: cms,
    });
    const body = html.slice(html.indexOf('<div class="body">'), html.indexOf('</article>'));
    expect(body).toContain(`href="${site}/about"`);
    expect(body).toContain(`src="${site}/img/a.png"`);
    expect(body).toContain(`href="${articleUrl(site, cms)}#footnote-1"`);
    // Raw HTML in the Markdown is shown as text (`&lt;a href="javascript:..."&gt;`): left out.
    const markup = body.replace(/&lt;.*?&gt;/g, '');
    expect(markup).not.toMatch(/(href|src)="(?!https:|mailto:)/);
    expect(markup).not.toMatch(/<script|<img[^>]*onerror/);
  });
});

describe('lists of feeds', () => {
  it('list each feed once: the OPML and the home page', () => {
    const opml = build.documents.get('/feeds.opml')?.body ?? '';
    const listed = [...opml.matchAll(/xmlUrl="([^"]+)"/g)].map((m) => m[1]);
    const expected = ['all', ...build.categories.map((c) => c.slug)].map(
      (name) => `${site}/feeds/${name}.atom`,
    );
    expect([...listed].sort()).toEqual([...expected].sort());
    const home = homePage({
      siteUrl: site,
      siteName: options.siteName,
      language: 'en',
      categories: build.categories,
      articles: build.articles,
    });
    for (const url of expected) {
      const path = new URL(url).pathname.replace(/\.atom$/, '.rss');
      expect(home.split(`href="${path}"`).length - 1, path).toBe(1);
    }
  });

  it('carry the site name as text, without what XML cannot carry', () => {
    const opml = build.documents.get('/feeds.opml')?.body ?? '';
    expect(opml).toContain(
      '<title>Gazette &amp;amp; &amp;lt;Co&amp;gt; &quot;quoted&quot;  feeds</title>',
    );
    const atom = build.documents.get('/feeds/all.atom')?.body ?? '';
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
    if (hasTool(debianPython, 'python3-feedparser')) {
      // feedparser trims the title's white space (the space left where U+0085 and U+FFFE were).
      expect(parsed[join(out, '/feeds/all.rss')]?.title).toBe('Gazette & <Co> "quoted"');
      expect(parsed[join(out, '/feeds/all.atom')]?.title).toBe('Gazette & <Co> "quoted"');
    }
  });
});
