import type { Context } from 'hono';
import { sameSecret } from './secret.js';

/** The token of an `Authorization: Bearer TOKEN` header; undefined without one. */
export function bearerToken(c: Context): string | undefined {
  return /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(c.req.header('authorization') ?? '')?.[1];
}

/** Whether the request carries `token` as its bearer token (compared in constant time). */
export function hasBearer(c: Context, token: string | undefined): boolean {
  const given = bearerToken(c);
  return Boolean(token && given && sameSecret(given, token));
}

/**
 * The token that reads `/metrics` and the counts of `/healthz`: `GAZETTE_METRICS_TOKEN`, else
 * the admin token; undefined (nothing beyond up or down) with neither.
 */
export function monitoringToken(config: {
  metricsToken?: string | undefined;
  adminToken?: string | undefined;
}): string | undefined {
  return config.metricsToken ?? config.adminToken;
}
