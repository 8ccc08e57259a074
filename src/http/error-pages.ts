import type { Context, Hono } from 'hono';
import type { AppDeps } from './app.js';
import { escapeHtml, messagePage } from './pages/layout.js';
import { wantsJson } from './request.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Requests a route matched but whose resource does not exist: a 404 whatever the method. */
const missing = new WeakSet<Request>();

/** The 404 of a route that matched a path naming nothing (an unknown feed), never a 405. */
export function resourceMissing(c: Context): Response | Promise<Response> {
  missing.add(c.req.raw);
  return c.notFound();
}

/**
 * Answers for what no route answers: a 405 with `Allow` when the path exists for other methods, a
 * 404, and a 500 for a failure. A person gets a page in the site's layout with a way home; the
 * JSON API (and a client asking for JSON) gets JSON.
 */
export function errorPages(app: Hono, deps: AppDeps): void {
  const site = { siteName: deps.config.siteName, language: deps.config.language };
  const json = (c: Context) => c.req.path.startsWith('/admin/') || wantsJson(c);

  app.notFound((c) => {
    // A route of this method that found nothing (an unknown slug) is a 404, not a 405.
    const allowed = allowedMethods(app, c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method) && !missing.has(c.req.raw)) {
      c.header('Allow', allowed.join(', '));
      if (json(c)) return c.json({ error: `method ${c.req.method} not allowed` }, 405);
      return c.html(
        messagePage(site, 'Not allowed here', [
          `This address does not take a ${escapeHtml(c.req.method)} request (it takes ${escapeHtml(allowed.join(', '))}).`,
          HOME,
        ]),
        405,
      );
    }
    if (json(c)) return c.json({ error: 'not found' }, 404);
    return c.html(
      messagePage(site, 'Page not found', [
        'There is no page at this address: the link may be mistyped, or the page may have moved.',
        HOME,
      ]),
      404,
    );
  });

  app.onError((error, c) => {
    deps.logger.error({ err: error, path: c.req.path }, 'request failed');
    if (json(c)) return c.json({ error: 'internal server error' }, 500);
    return c.html(
      messagePage(site, 'Something went wrong', [
        'The server could not answer this request. It has been logged; please try again in a moment.',
        HOME,
      ]),
      500,
    );
  });
}

const HOME =
  '<a href="/">Go to the home page</a> for the latest articles, or <a href="/subscribe">subscribe</a> to get them by email.';

/**
 * The methods some route answers at `path`. Middleware does not count: `app.use` registers it
 * for every method, and a handler that takes `next` (a body limit on POST) passes requests on
 * rather than answering them. Asked only on the way to a 404, so its cost is off served paths.
 */
function allowedMethods(app: Hono, path: string): string[] {
  const answers = (r: (typeof app.routes)[number]) => r.method !== 'ALL' && r.handler.length < 2;
  const routes = new Set(app.routes.filter(answers).map((r) => r.handler));
  const allowed = METHODS.filter((method) => {
    const [matches] = app.router.match(method, path);
    return matches.some(([[handler]]) => routes.has(handler as never));
  });
  return allowed.includes('GET') && !allowed.includes('HEAD') ? [...allowed, 'HEAD'] : allowed;
}
