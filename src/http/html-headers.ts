import type { MiddlewareHandler } from 'hono';

/**
 * The policy of an HTML answer whose route sets none: nothing runs, nothing is loaded from
 * elsewhere, forms post here only, and no other site frames it.
 */
export const DEFAULT_HTML_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * For every HTML answer, whatever route made it: `X-Content-Type-Options: nosniff`, a CSP
 * (the route's own, or the default above), `frame-ancestors 'none'` in it, and
 * `X-Frame-Options: DENY` for browsers that predate CSP. A route's stricter policy is kept.
 */
export const htmlHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  if (!/^text\/html\b/i.test(c.res.headers.get('content-type') ?? '')) return;
  const headers = c.res.headers;
  headers.set('X-Content-Type-Options', 'nosniff');
  const policy = headers.get('Content-Security-Policy');
  if (!policy) headers.set('Content-Security-Policy', DEFAULT_HTML_POLICY);
  else if (!/(^|;)\s*frame-ancestors\s/i.test(policy)) {
    headers.set('Content-Security-Policy', `${policy}; frame-ancestors 'none'`);
  }
  if (!headers.has('X-Frame-Options')) headers.set('X-Frame-Options', 'DENY');
};
