import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hono } from 'hono';
import type { AppDeps } from './app.js';
import { type Answer, answer, type RequestFacts, variantToMake } from './conditional.js';
import { resourceMissing } from './error-pages.js';
import type { ServedFile } from './served.js';

/** Every path of a published document: the feeds, the OPML list, sitemaps and robots.txt. */
const PUBLISHED_PATHS = [
  '/feeds.opml',
  '/feeds/*',
  '/sitemap.xml',
  '/news-sitemap.xml',
  '/sitemaps/*',
  '/robots.txt',
];

/**
 * `GET /feeds/{name}.rss|.atom|.json`, their archive pages, and `GET /feeds.opml`; the sitemaps
 * and robots.txt the same way (ETag, `304`, gzip and brotli).
 */
export function feedRoutes(app: Hono, deps: AppDeps): void {
  app.on(['GET', 'HEAD'], PUBLISHED_PATHS, async (c) => {
    const file = deps.site.published().files.get(c.req.path);
    if (!file) return c.notFound();
    const result = await answerWhenReady(file, {
      method: c.req.method,
      ifNoneMatch: c.req.header('if-none-match'),
      ifModifiedSince: c.req.header('if-modified-since'),
      acceptEncoding: c.req.header('accept-encoding'),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(result.headers)) headers.set(name, String(value));
    const body = result.body
      ? new Uint8Array(
          result.body.buffer as ArrayBuffer,
          result.body.byteOffset,
          result.body.byteLength,
        )
      : null;
    return new Response(body, { status: result.status, headers });
  });
  // A feed is read-only: other methods on a feed's URL are told which ones it allows.
  for (const path of PUBLISHED_PATHS) {
    app.all(path, (c) => {
      if (!deps.site.published().files.has(c.req.path)) return resourceMissing(c);
      return c.text('Method not allowed\n', 405, { Allow: FEED_METHODS });
    });
  }
}

/** What a feed document answers to (RFC 9110: a 405 lists them in `Allow`). */
export const FEED_METHODS = 'GET, HEAD';

/**
 * The same answers straight on `node:http`, ahead of Hono: building a `Request` and a
 * `Response` per poll costs more than the whole answer, and feed polls are most of the traffic
 * (see `bench/http.ts`). Returns false for anything it does not serve, which Hono then answers.
 */
export function feedFastPath(deps: Pick<AppDeps, 'site'>) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? '';
    if (!url.startsWith('/feeds') || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const query = url.indexOf('?');
    const file = deps.site.published().files.get(query < 0 ? url : url.slice(0, query));
    if (!file) return false;
    const result = answerWhenReady(file, {
      method: req.method,
      ifNoneMatch: req.headers['if-none-match'],
      ifModifiedSince: req.headers['if-modified-since'],
      acceptEncoding: req.headers['accept-encoding'],
    });
    const write = ({ status, headers, body }: Answer) => {
      res.writeHead(status, headers);
      res.end(body);
    };
    // Synchronous unless a compressed variant must first be made (once per document).
    if (result instanceof Promise) void result.then(write);
    else write(result);
    return true;
  };
}

/** The answer, after making the compressed variant it should carry if that is not made yet. */
function answerWhenReady(file: ServedFile, request: RequestFacts): Answer | Promise<Answer> {
  const missing = variantToMake(request.acceptEncoding, file);
  if (missing === undefined) return answer(file, request);
  return file.compress(missing).then(() => answerWhenReady(file, request));
}
