import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { SubscriptionService } from '../subscribers/index.js';
import type { AppDeps } from './app.js';
import { escapeHtml, messagePage } from './pages/layout.js';
import { TIMEZONE_SCRIPT_CSP } from './pages/subscribe-form.js';
import { preferenceRoutes } from './preference-routes.js';
import { createRateLimiter } from './rate-limit.js';
import { wantsJson } from './request.js';
import { subscribeRoutes } from './subscribe-routes.js';

/** Form and JSON bodies here are a few fields; anything larger is refused before it is read. */
export const MAX_BODY_BYTES = 16 * 1024;

export interface SubscriptionContext {
  service: SubscriptionService;
  deps: AppDeps;
  site: { siteName: string; language: string };
  /** Refuses a request with a clear message, as JSON or a page, with nothing stored. */
  refuse(c: Context, status: 400 | 403 | 404 | 415 | 429 | 503, message: string): Response;
}

/**
 * The subscription flow of the design: `POST /subscribe`, `GET|POST /confirm`, `GET|POST
 * /unsubscribe`, `GET|POST /preferences`, `GET|POST /manage` (and `GET /subscribe`, the form on
 * its own page). Served only when the app has a subscription service.
 */
export function subscriptionRoutes(app: Hono, deps: AppDeps): void {
  const service = deps.subscriptions;
  if (!service) return;
  const site = { siteName: deps.config.siteName, language: deps.config.language };
  const context: SubscriptionContext = {
    service,
    deps,
    site,
    refuse(c, status, message) {
      if (wantsJson(c)) return c.json({ error: message }, status);
      return c.html(errorPage(site, status, message), status);
    },
  };
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      context.refuse(c, 400, `the request body is too large (at most ${MAX_BODY_BYTES} bytes)`),
  });
  for (const path of ['/subscribe', '/confirm', '/unsubscribe', '/preferences', '/manage']) {
    app.use(path, pageHeaders);
    app.on('POST', path, limit);
  }
  const limiter = createRateLimiter(deps.config.subscribeRate, 60_000);
  subscribeRoutes(app, context, limiter);
  preferenceRoutes(app, context);
}

/**
 * Token pages must not leak their URL (no Referer), be cached or framed, and run nothing but the
 * form's one-line time zone script (allowed by its hash).
 */
const pageHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; script-src ${TIMEZONE_SCRIPT_CSP}; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  );
};

function errorPage(site: { siteName: string; language: string }, status: number, message: string) {
  const title = status === 404 ? 'Not found' : status === 429 ? 'Too many requests' : 'Sorry';
  return messagePage(site, title, [escapeHtml(message), '<a href="/">Back to the site</a>']);
}
