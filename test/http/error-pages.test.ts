import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp, type SiteState } from '../../src/http/index.js';
import { createLogger } from '../../src/log.js';
import { staticSite } from '../helpers/site.js';

function app(site: SiteState = staticSite()) {
  return createApp({
    config: loadConfig({ GAZETTE_SITE_NAME: 'The Harbin Daily' }),
    logger: createLogger('silent', 2),
    site,
  });
}

/** A page in the site's layout: its name in the header, and a way home. */
function expectSitePage(html: string) {
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).toContain('The Harbin Daily');
  expect(html).toContain('<a href="/">Go to the home page</a>');
}

describe('error pages', () => {
  it('answers a missing page with a 404 page in the site layout', async () => {
    const response = await app().request('/no/such/page');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expectSitePage(html);
    expect(html).toContain('<h1>Page not found</h1>');
    expect((await app().request('/articles/missing')).status).toBe(404);
  });

  it('answers another method with 405 and Allow', async () => {
    // (A feed that is not published answers 404 to any method: there is no resource to refuse.)
    for (const [method, path, allow] of [
      ['DELETE', '/', 'GET, HEAD'],
      ['POST', '/', 'GET, HEAD'],
    ] as const) {
      const response = await app().request(path, { method });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      expectSitePage(await response.text());
    }
  });

  it('answers JSON to a client that asks for JSON', async () => {
    const response = await app().request('/nothing', { headers: { accept: 'application/json' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not found' });
  });

  it('answers a failure with a 500 page that says nothing of the cause', async () => {
    const broken: SiteState = {
      ...staticSite(),
      published: () => {
        throw new Error('secret detail of the failure');
      },
    };
    const response = await app(broken).request('/');
    expect(response.status).toBe(500);
    const html = await response.text();
    expectSitePage(html);
    expect(html).toContain('Something went wrong');
    expect(html).not.toContain('secret detail');
  });

  it('says how to turn the console on when it is off', async () => {
    for (const path of ['/console/', '/console', '/console/runs']) {
      const response = await app().request(path);
      expect(response.status, path).toBe(404);
      const html = await response.text();
      expectSitePage(html);
      expect(html).toContain('<code>GAZETTE_ADMIN_TOKEN</code>');
    }
  });
});
