import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveSite, type LiveSite } from '../../src/app/index.js';
import { categorySlug } from '../../src/articles/index.js';
import { loadConfig } from '../../src/config.js';
import { createApp, feedFastPath, listen, type RunningServer } from '../../src/http/index.js';
import { createLogger } from '../../src/log.js';
import { get } from '../helpers/http.js';
import { multiCategoryStore, seedText, TRICKY_TITLE, writeStore } from '../helpers/store.js';

const fixture = multiCategoryStore();
const hubPings: string[] = [];
let hub: Server;
let server: RunningServer;
let site: LiveSite;
let storeDir: string;
let removeStore: () => Promise<void>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  hub = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      hubPings.push(new URLSearchParams(body).get('hub.url') ?? '');
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => hub.listen(0, '127.0.0.1', done));
  const hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`;
  const store = await writeStore(fixture.files);
  storeDir = store.dir;
  removeStore = store.remove;
  const config = loadConfig({
    GAZETTE_ARTICLES_DIR: store.dir,
    GAZETTE_SITE_URL: 'https://news.example.org',
    GAZETTE_FEED_ITEMS: '4',
    GAZETTE_TIMEZONE: 'UTC',
    GAZETTE_WEBSUB_HUB: hubUrl,
  });
  const logger = createLogger('silent');
  site = createLiveSite({ config, logger });
  await site.rebuild();
  app = createApp({ config, logger, site });
  server = await listen(app, 0, '127.0.0.1', feedFastPath({ site }));
});

afterAll(async () => {
  await server?.close();
  await new Promise((done) => hub?.close(done));
  await removeStore?.();
});

describe('feeds over HTTP', () => {
  it('serves each format with its content type, validators and cache headers', async () => {
    const types = {
      '/feeds/all.rss': 'application/rss+xml; charset=utf-8',
      '/feeds/biz-updates.atom': 'application/atom+xml; charset=utf-8',
      '/feeds/industrial-parks.json': 'application/feed+json; charset=utf-8',
      '/feeds/all/archive/1.atom': 'application/atom+xml; charset=utf-8',
      '/feeds.opml': 'text/x-opml; charset=utf-8',
    };
    for (const [path, type] of Object.entries(types)) {
      const reply = await get(server.port, path);
      expect(reply.status, path).toBe(200);
      expect(reply.headers['content-type']).toBe(type);
      expect(reply.headers.etag).toMatch(/^"[\w-]+"$/);
      expect(reply.headers['last-modified']).toMatch(/GMT$/);
      expect(reply.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
      expect(reply.headers.vary).toBe('Accept-Encoding');
      expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
    }
    const atom = await get(server.port, '/feeds/all.atom');
    expect(atom.headers['last-modified']).toBe('Mon, 20 May 2024 10:00:00 GMT');
    expect(atom.headers.link).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/?>; rel="hub"$/);
  });

  it('answers 304 to If-None-Match and to If-Modified-Since', async () => {
    const first = await get(server.port, '/feeds/all.atom');
    const etag = first.headers.etag as string;
    const lastModified = first.headers['last-modified'] as string;
    const byTag = await get(server.port, '/feeds/all.atom', { 'if-none-match': etag });
    expect(byTag.status).toBe(304);
    expect(byTag.body.length).toBe(0);
    expect(byTag.headers.etag).toBe(etag);
    const weak = await get(server.port, '/feeds/all.atom', { 'if-none-match': `"x", W/${etag}` });
    expect(weak.status).toBe(304);
    const byDate = await get(server.port, '/feeds/all.atom', { 'if-modified-since': lastModified });
    expect(byDate.status).toBe(304);
    const older = await get(server.port, '/feeds/all.atom', {
      'if-modified-since': 'Sun, 19 May 2024 10:00:00 GMT',
    });
    expect(older.status).toBe(200);
    // If-None-Match wins: a stale tag gets the document even with a recent date.
    const stale = await get(server.port, '/feeds/all.atom', {
      'if-none-match': '"stale"',
      'if-modified-since': lastModified,
    });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(first.body)).toBe(true);
  });

  it('compresses with gzip and brotli when asked, each with its own ETag', async () => {
    const plain = await get(server.port, '/feeds/all.atom');
    const gz = await get(server.port, '/feeds/all.atom', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(gz.body.length).toBeLessThan(plain.body.length);
    const br = await get(server.port, '/feeds/all.atom', {
      'accept-encoding': 'gzip, deflate, br',
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const refused = await get(server.port, '/feeds/all.atom', {
      'accept-encoding': 'br;q=0, gzip',
    });
    expect(refused.headers['content-encoding']).toBe('gzip');
    expect(new Set([plain.headers.etag, gz.headers.etag, br.headers.etag]).size).toBe(3);
    const revalidated = await get(server.port, '/feeds/all.atom', {
      'accept-encoding': 'gzip',
      'if-none-match': gz.headers.etag as string,
    });
    expect(revalidated.status).toBe(304);
  });

  it('compresses an archive page on its first request, once', async () => {
    const path = '/feeds/all/archive/1.atom';
    const file = site.published().files.get(path);
    expect(file?.variants.br).toBeUndefined(); // not made by the build
    const plain = await get(server.port, path);
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => get(server.port, path, { 'accept-encoding': 'br, gzip' })),
    );
    for (const reply of replies) {
      expect(reply.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(reply.body).equals(plain.body)).toBe(true);
    }
    const made = file?.variants.br;
    expect(made?.etag).toBe(replies[0]?.headers.etag);
    await get(server.port, path, { 'accept-encoding': 'br' });
    expect(site.published().files.get(path)?.variants.br).toBe(made);
    expect(file?.variants.gzip).toBeUndefined(); // no client asked for it

    const other = '/feeds/all/archive/2.rss';
    const tag = site.published().files.get(other)?.tag;
    const revalidated = await get(server.port, other, {
      'accept-encoding': 'gzip',
      'if-none-match': `"${tag}-gzip"`,
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.etag).toBe(`"${tag}-gzip"`);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const full = await get(server.port, '/feeds/biz-updates.rss');
    const head = await get(server.port, '/feeds/biz-updates.rss', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(full.body.length));
    expect(head.headers.etag).toBe(full.headers.etag);
  });

  it('answers 404 for an unknown category or archive page', async () => {
    expect((await get(server.port, '/feeds/no-such-category.atom')).status).toBe(404);
    expect((await get(server.port, '/feeds/all/archive/99.rss')).status).toBe(404);
    expect((await get(server.port, '/feeds/all.xml')).status).toBe(404);
  });

  it('answers other methods with 405 and the methods a feed allows', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      for (const path of ['/feeds/all.rss', '/feeds/biz-updates.atom', '/feeds.opml']) {
        const reply = await get(server.port, path, {}, method);
        expect(reply.status, `${method} ${path}`).toBe(405);
        expect(reply.headers.allow).toBe('GET, HEAD');
      }
    }
    expect((await get(server.port, '/feeds/all/archive/1.json', {}, 'DELETE')).status).toBe(405);
    expect((await get(server.port, '/feeds/no-such-category.atom', {}, 'POST')).status).toBe(404);
  });

  it('gives the same answer through the Hono app', async () => {
    const direct = await get(server.port, '/feeds/all.json', { 'accept-encoding': 'gzip' });
    const viaApp = await app.request('/feeds/all.json', { headers: { 'accept-encoding': 'gzip' } });
    expect(viaApp.status).toBe(200);
    expect(viaApp.headers.get('etag')).toBe(direct.headers.etag);
    const bytes = Buffer.from(await viaApp.arrayBuffer());
    expect(bytes.equals(direct.body)).toBe(true);
    const notModified = await app.request('/feeds/all.json', {
      headers: { 'if-none-match': direct.headers.etag as string },
    });
    expect(notModified.status).toBe(304);
  });
});

describe('pages', () => {
  it('lists every category with its feeds and autodiscovery links', async () => {
    const home = await get(server.port, '/');
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toMatch(/^text\/html; charset=utf-8/i);
    const html = home.body.toString();
    for (const name of [
      'all',
      'biz-updates',
      'industrial-parks',
      categorySlug('R&D "Labs" <Beta'),
    ]) {
      for (const [ext, type] of <[string, string][]>[
        ['rss', 'application/rss+xml'],
        ['atom', 'application/atom+xml'],
        ['json', 'application/feed+json'],
      ]) {
        expect(html).toMatch(
          new RegExp(
            `<link rel="alternate" type="${type.replace('+', '\\+')}" title="[^"]+" href="https://news\\.example\\.org/feeds/${name}\\.${ext}">`,
          ),
        );
        expect(html).toContain(`href="/feeds/${name}.${ext}"`);
      }
    }
    expect(html).toMatch(/<form class="subscribe" method="post" action="\/subscribe">/);
    expect(html).toMatch(
      /<input type="checkbox" id="[^"]+" name="categories" value="industrial-parks"/,
    );
    expect(html).toContain('R&amp;D &quot;Labs&quot; &lt;Beta');
    // No script is needed: the only one fills in the reader's time zone, and the policy lets
    // that one run and nothing else.
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(home.headers['content-security-policy']).toMatch(/script-src 'sha256-[^']+';/);
  });

  it('answers 200 with the article for every item link of every feed document', async () => {
    const links = new Map<string, string>();
    for (const [path] of site.published().files) {
      if (!path.endsWith('.json')) continue;
      const doc = JSON.parse((await get(server.port, path)).body.toString());
      for (const item of doc.items) links.set(item.url, item.title);
    }
    expect(links.size).toBe(15);
    for (const [link, title] of links) {
      const path = new URL(link).pathname;
      const page = await get(server.port, path);
      expect(page.status, path).toBe(200);
      const html = page.body.toString();
      expect(html).toContain(`<h1>${htmlText(title)}</h1>`);
    }
    expect([...links.values()]).toContain(TRICKY_TITLE);
  });

  it('shows the body, byline and date with related teasers apart, and its feeds', async () => {
    const slug = site.published().articles.find((a) => a.title === TRICKY_TITLE)?.slug;
    const html = (await get(server.port, `/articles/${slug}`)).body.toString();
    const [body, aside] = html.split('<aside');
    expect(body).toContain('Paragraph one of story 7: &lt;b&gt;not markup&lt;/b&gt;');
    expect(body).toContain('By Desk &amp; Wire &lt;7&gt;');
    expect(body).toContain('<time datetime="2024-05-08T09:07:00.000Z">');
    expect(body).not.toContain('Related headline 7');
    expect(aside).toContain('Related headline 7');
    expect(html).toContain('href="https://news.example.org/feeds/industrial-parks.atom"');
    expect(html).toContain('<meta name="viewport"');
  });

  it('lets an article page show images from the site and over HTTPS, and nothing more', async () => {
    const slug = site.published().articles[0]?.slug;
    const page = await get(server.port, `/articles/${slug}`);
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toMatch(/(^|; )img-src 'self' https:(;|$)/);
    expect(policy).toMatch(/(^|; )default-src 'none'(;|$)/);
    const home = await get(server.port, '/');
    expect(policy.replace(/; img-src [^;]*/, '')).toBe(home.headers['content-security-policy']);
  });

  it('does not show an article before its date, nor one that does not exist', async () => {
    expect((await get(server.port, '/articles/not-yet')).status).toBe(404);
    expect((await get(server.port, '/articles/nothing-here')).status).toBe(404);
  });
});

describe('rebuilds', () => {
  it('change only the affected documents, drop no request and ping the hub', async () => {
    const before = new Map(
      [...site.published().files].map(([path, file]) => [path, file.variants.identity.etag]),
    );
    const original = fixture.articles[13]; // Industrial Parks, the newest seed article
    if (!original) throw new Error('fixture');
    await writeFile(join(storeDir, original.file), seedText({ ...original, title: 'Edited' }));
    hubPings.length = 0;
    const polls = Array.from({ length: 200 }, () => get(server.port, '/feeds/all.atom'));
    const report = await site.rebuild();
    const statuses = (await Promise.all(polls)).map((reply) => reply.status);
    expect(statuses.every((status) => status === 200)).toBe(true);

    const served = [...site.published().files]
      .filter(([path, file]) => before.get(path) !== file.variants.identity.etag)
      .map(([path]) => path)
      .sort();
    // Without settled URLs the slug follows the title: the article's month sitemap moves too.
    expect(served.filter((path) => !path.startsWith('/feeds/'))).toEqual(['/sitemaps/2024-05.xml']);
    const changed = served.filter((path) => path.startsWith('/feeds/'));
    expect(changed).toEqual(
      ['all', 'industrial-parks'].flatMap((name) =>
        ['atom', 'json', 'rss'].map((ext) => `/feeds/${name}.${ext}`),
      ),
    );
    expect(report.changed.sort()).toEqual(changed);
    const atom = await get(server.port, '/feeds/all.atom');
    expect(atom.body.toString()).toContain('<title type="text">Edited</title>');
    await expect.poll(() => hubPings.length).toBe(6);
    expect(hubPings.sort()).toEqual(changed.map((path) => `https://news.example.org${path}`));
  });
});

function htmlText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
