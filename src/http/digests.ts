import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import type { AppDeps } from './app.js';
import { rebaseLinks, renderedSiteUrl } from './web-view.js';

/** What the digest web view needs from the store. */
export interface DigestArchive {
  /** `siteUrl`: the one its links were rendered with, if noted. */
  find(id: string): Promise<{ id: string; html: string; siteUrl?: string | null } | undefined>;
}

const DIGEST_ID = /^[0-9a-f]{20}$/;

// The stored HTML has no scripts and loads nothing: say so, so a browser enforces it.
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * `GET /digests/{id}`: the web view of a sent digest. Its content never changes; its links follow
 * the configured site URL (and so does its ETag).
 */
export function digestRoutes(app: Hono, deps: AppDeps): void {
  const { siteUrl } = deps.config;
  const site = createHash('sha256').update(siteUrl).digest('hex').slice(0, 8);
  app.get('/digests/:id', async (c) => {
    const id = c.req.param('id');
    const digest = DIGEST_ID.test(id) ? await deps.digests?.find(id) : undefined;
    if (!digest) return c.notFound();
    const etag = `"${digest.id}-${site}"`;
    const headers = { ...SECURITY_HEADERS, ETag: etag, 'Cache-Control': 'public, max-age=86400' };
    if (c.req.header('If-None-Match')?.includes(etag)) return c.body(null, 304, headers);
    const renderedWith = renderedSiteUrl(digest.html, digest.id, digest.siteUrl ?? null);
    const html = renderedWith ? rebaseLinks(digest.html, renderedWith, siteUrl) : digest.html;
    return c.html(html, 200, headers);
  });
}
