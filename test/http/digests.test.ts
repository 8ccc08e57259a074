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

  async function app() {
    test = await createSqlite();
    const db = test.db;
    await saveDigest(
      db,
      {
        id: '0123456789abcdef0123',
        contentKey: '0123456789abcdef0123456789',
        subject: 'Gazette: news',
        html: '<!doctype html><title>news</title><p>web view</p>',
        articleIds: ['a'],
      },
      new Date(),
    );
    return createApp({
      config: loadConfig({}),
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

  it('is 404 for an unknown or malformed id', async () => {
    const server = await app();
    expect((await server.request('/digests/ffffffffffffffffffff')).status).toBe(404);
    expect((await server.request('/digests/..%2Fsecret')).status).toBe(404);
  });
});
