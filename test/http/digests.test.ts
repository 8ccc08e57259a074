import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/index.js';
import { createLogger } from '../../src/log.js';
import { findDigest, saveDigest } from '../../src/store/index.js';
import { createSqlite, type TestDatabase } from '../helpers/db.js';
import { staticSite } from '../helpers/site.js';

describe('GET /digests/{id}', () => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.drop();
    test = undefined;
  });

  const kept = {
    id: '0123456789abcdef0123',
    contentKey: '0123456789abcdef0123456789',
    subject: 'Gazette: news',
    html:
      '<!doctype html><title>news</title><p>web view</p>' +
      '<a href="http://localhost:8080/articles/harbin">Harbin</a>' +
      '<a href="http://localhost:8080/digests/0123456789abcdef0123">View in browser</a>' +
      '<a href="http://localhost:8080/">Gazette</a><a href="http://localhost:80801/x">other</a>',
    articleIds: ['a'],
    siteUrl: 'http://localhost:8080',
  };

  async function app(env: Record<string, string> = {}, digest = kept) {
    test = await createSqlite();
    const db = test.db;
    await saveDigest(db, digest, new Date());
    return createApp({
      config: loadConfig(env),
      logger: createLogger('silent', 2),
      site: staticSite(),
      digests: { find: (id) => findDigest(db, id) },
    });
  }

  it('serves a kept digest as HTML that may load nothing and run nothing', async () => {
    const response = await (await app()).request('/digests/0123456789abcdef0123');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await response.text()).toContain('<p>web view</p>');
  });

  it('answers a repeated request with 304', async () => {
    const server = await app();
    const first = await server.request('/digests/0123456789abcdef0123');
    const etag = first.headers.get('etag') ?? '';
    const again = await server.request('/digests/0123456789abcdef0123', {
      headers: { 'If-None-Match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('points its links at the site URL it is served with, not the one it was sent with', async () => {
    const moved = await app({ GAZETTE_SITE_URL: 'https://news.example.org' });
    const response = await moved.request('/digests/0123456789abcdef0123');
    const html = await response.text();
    expect(html).toContain('href="https://news.example.org/articles/harbin"');
    expect(html).toContain('href="https://news.example.org/digests/0123456789abcdef0123"');
    expect(html).toContain('href="https://news.example.org/"');
    expect(html).toContain('href="http://localhost:80801/x"');
    expect(html).not.toContain('http://localhost:8080/');
    const before = (await (await app()).request('/digests/0123456789abcdef0123')).headers;
    expect(response.headers.get('etag')).not.toBe(before.get('etag'));
  });

  it('finds the site URL of a digest kept before it was noted in its own link', async () => {
    const legacy = await app({ GAZETTE_PORT: '9000' }, { ...kept, siteUrl: '' });
    const html = await (await legacy.request('/digests/0123456789abcdef0123')).text();
    expect(html).toContain('href="http://localhost:9000/articles/harbin"');
  });

  it('is 404 for an unknown or malformed id', async () => {
    const server = await app();
    expect((await server.request('/digests/ffffffffffffffffffff')).status).toBe(404);
    expect((await server.request('/digests/..%2Fsecret')).status).toBe(404);
  });
});
