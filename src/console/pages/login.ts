import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from '../../http/pages/html.js';
import { clientAddress, readBody, userAgent } from '../../http/request.js';
import { sameSecret } from '../../http/secret.js';
import { SIGN_IN_AUDIT } from '../index.js';
import { action, audit, type ConsoleContext, field, sessionOf } from './guard.js';
import { SESSION_COOKIE } from './session.js';
import { consolePage } from './view.js';

/**
 * Secure everywhere but on this machine, where plain HTTP is how one tries it out; always when
 * the site is https, also behind a proxy on this machine that forwards as `127.0.0.1`.
 */
function secureCookie(c: Context, siteUrl: string): boolean {
  if (siteUrl.startsWith('https:')) return true;
  const host = new URL(c.req.url).hostname;
  return !['localhost', '127.0.0.1', '[::1]', '::1'].includes(host);
}

/**
 * `GET /console/login`, `POST /console/login` (field `token`), `POST /console/logout` and
 * `POST /console/logout-everywhere`.
 */
export function loginRoutes(app: Hono, ctx: ConsoleContext): void {
  const { adminToken } = ctx;
  const view = { config: ctx.config };

  const form = (problem?: string) =>
    consolePage(
      view,
      'Sign in',
      html`${problem ? html`<div class="problems" role="alert"><p>${problem}</p></div>` : ''}
<form method="post" action="/console/login">
<label for="token">Admin token</label>
<input type="password" id="token" name="token" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
</form>
<p class="hint">The token is <code>GAZETTE_ADMIN_TOKEN</code> from the server's environment.</p>`,
    );

  app.get('/console/login', async (c) => {
    if (await sessionOf(ctx, c)) return c.redirect('/console/', 303);
    c.header('Cache-Control', 'no-store');
    return c.html(form());
  });

  app.post('/console/login', async (c) => {
    const now = ctx.services.clock();
    const ip = clientAddress(c);
    // Counted from the audit rows below, over every process on the database.
    const wait = await ctx.services.signIns.blockedFor(ip, now);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      // Counted in one row a minute: a guesser cannot grow the log by knocking faster.
      await audit(
        ctx,
        c,
        SIGN_IN_AUDIT.action,
        SIGN_IN_AUDIT.refused,
        { reason: 'too many failed sign-ins' },
        null,
        'refusal',
      );
      return c.html(
        form(`Too many failed sign-ins. Try again in ${wait} seconds.`),
        SIGN_IN_AUDIT.refused,
      );
    }
    const body = await readBody(c);
    const token = body.ok ? field(body.fields, 'token') : undefined;
    if (!token || !sameSecret(token, adminToken)) {
      // This row is the failure the limit counts: it must be written before answering.
      await audit(ctx, c, SIGN_IN_AUDIT.action, SIGN_IN_AUDIT.failed, { reason: 'wrong token' });
      return c.html(form('That token is not right.'), SIGN_IN_AUDIT.failed);
    }
    // A session the browser already had is ended, not reused (no session fixation).
    await ctx.services.sessions.end(getCookie(c, SESSION_COOKIE));
    const session = await ctx.services.sessions.create(
      now,
      { ip, userAgent: userAgent(c) },
      adminToken,
    );
    setCookie(c, SESSION_COOKIE, session.id, {
      path: '/console',
      httpOnly: true,
      secure: secureCookie(c, ctx.config.siteUrl),
      sameSite: 'Strict',
      maxAge: Math.floor((session.expiresAt - now.getTime()) / 1000),
    });
    // Also what clears the client's failures for the limit.
    await audit(ctx, c, SIGN_IN_AUDIT.action, SIGN_IN_AUDIT.succeeded, null);
    return c.redirect('/console/', SIGN_IN_AUDIT.succeeded);
  });

  const forget = (c: Context) =>
    deleteCookie(c, SESSION_COOKIE, {
      path: '/console',
      secure: secureCookie(c, ctx.config.siteUrl),
    });

  app.post(
    '/console/logout',
    action(ctx, 'console.sign-out', async (c, session) => {
      await ctx.services.sessions.end(session.id);
      forget(c);
      return {
        response: c.html(
          consolePage(view, 'Signed out', html`<p><a href="/console/login">Sign in again</a></p>`),
        ),
      };
    }),
  );

  // Every browser signed in, in every process: for a lost laptop or a session seen elsewhere.
  // A leaked token needs a new GAZETTE_ADMIN_TOKEN as well; that alone ends them all too.
  app.post(
    '/console/logout-everywhere',
    action(ctx, 'console.sign-out-everywhere', async (c) => {
      const ended = await ctx.services.sessions.endAll();
      forget(c);
      return {
        response: c.html(
          consolePage(
            view,
            'Signed out everywhere',
            html`<p>Every console session has ended (${ended}), this one included.</p>
<p><a href="/console/login">Sign in again</a></p>`,
          ),
        ),
        detail: { ended },
      };
    }),
  );
}
