import type { Context, Hono } from 'hono';

/**
 * Who may post the subscription forms. A browser names the page a POST comes from (`Origin`,
 * and `Sec-Fetch-Site` in current browsers): a form on another site could otherwise subscribe
 * its visitors' typed addresses and spend the per-client allowance. A form is taken only from
 * this site; JSON also from the origins the operator lists (`GAZETTE_SUBSCRIBE_ORIGINS`), which
 * a browser lets through only after a CORS preflight. A request that names no origin at all
 * comes from a script or an old client, not from a page another site controls: it is taken.
 */
export interface OriginPolicy {
  siteUrl: string;
  /** Other origins whose pages may post JSON. */
  allowed: readonly string[];
}

export type OriginVerdict =
  | { ok: true; corsOrigin?: string }
  | { ok: false; reason: 'cross-site' | 'origin not allowed' };

export function checkOrigin(c: Context, policy: OriginPolicy): OriginVerdict {
  const origin = c.req.header('origin');
  const fetchSite = c.req.header('sec-fetch-site')?.toLowerCase();
  // Our own pages send `Referrer-Policy: no-referrer`, under which a browser posts their forms
  // with `Origin: null`; so does a sandboxed frame anywhere. `Sec-Fetch-Site` tells them apart.
  if (origin === 'null') {
    return fetchSite === 'same-origin' ? { ok: true } : { ok: false, reason: 'cross-site' };
  }
  if (origin !== undefined) {
    if (sameOrigins(c, policy).has(origin)) return { ok: true };
    const json = /^application\/json\b/i.test(c.req.header('content-type') ?? '');
    if (json && policy.allowed.includes(origin)) return { ok: true, corsOrigin: origin };
    return { ok: false, reason: 'origin not allowed' };
  }
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    return { ok: false, reason: 'cross-site' };
  }
  return { ok: true };
}

/** This site: its public URL, and the URL the request was made to (a direct hit on a port). */
function sameOrigins(c: Context, policy: OriginPolicy): Set<string> {
  return new Set([new URL(policy.siteUrl).origin, new URL(c.req.url).origin]);
}

/** Lets a listed origin's page read the answer. */
export function allowCors(c: Context, origin: string): void {
  c.header('Access-Control-Allow-Origin', origin);
  c.header('Vary', 'Origin');
}

/** The CORS preflight of a JSON POST to `path`: answered for listed origins only. */
export function corsPreflight(app: Hono, path: string, policy: OriginPolicy): void {
  app.options(path, (c) => {
    const origin = c.req.header('origin');
    if (!origin || !policy.allowed.includes(origin)) return c.body(null, 403);
    allowCors(c, origin);
    c.header('Access-Control-Allow-Methods', 'POST');
    c.header('Access-Control-Allow-Headers', 'Content-Type');
    c.header('Access-Control-Max-Age', '600');
    return c.body(null, 204);
  });
}
