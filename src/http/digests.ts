import type { Hono } from 'hono';
import type { AppDeps } from './app.js';

/** What the digest web view needs from the store. */
export interface DigestArchive {
  find(id: string): Promise<{ id: string; html: string } | undefined>;
}

const DIGEST_ID = /^[0-9a-f]{20}$/;

// The stored HTML has no scripts and loads nothing: say so, so a browser enforces it.
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** `GET /digests/{id}`: the web view of a sent digest. Its content never changes. */
export function digestRoutes(app: Hono, deps: AppDeps): void {
  app.get('/digests/:id', async (c) => {
    const id = c.req.param('id');
    const digest = DIGEST_ID.test(id) ? await deps.digests?.find(id) : undefined;
    if (!digest) return c.text('Not found\n', 404);
    const etag = `"${digest.id}"`;
    const headers = { ...SECURITY_HEADERS, ETag: etag, 'Cache-Control': 'public, max-age=86400' };
    if (c.req.header('If-None-Match')?.includes(etag)) return c.body(null, 304, headers);
    return c.html(digest.html, 200, headers);
  });
}
