import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from '../pages/html.js';
import { clientAddress, readBody } from '../request.js';
import { sameSecret } from './csrf.js';
import { audit, type ConsoleContext, field, sessionOf } from './guard.js';
import { createSignInLimiter, SESSION_COOKIE } from './session.js';
import { consolePage, csrfField } from './view.js';

/** Secure everywhere but on this machine, where plain HTTP is how one tries it out. */
function secureCookie(c: Context): boolean {
  const host = new URL(c.req.url).hostname;
  return !['localhost', '127.0.0.1', '[::1]', '::1'].includes(host);
}

/** `GET /console/login`, `POST /console/login` (field `token`), `POST /console/logout`. */
export function loginRoutes(app: Hono, ctx: ConsoleContext, adminToken: string): void {
  const limiter = createSignInLimiter();
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

  app.get('/console/login', (c) => {
    if (sessionOf(ctx, c)) return c.redirect('/console/', 303);
    c.header('Cache-Control', 'no-store');
    return c.html(form());
  });

  app.post('/console/login', async (c) => {
    const now = ctx.services.clock();
    const key = clientAddress(c) ?? 'unknown';
    const wait = limiter.blockedFor(key, now);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      await audit(ctx, c, 'console.sign-in', 429, { reason: 'too many failed sign-ins' });
      return c.html(form(`Too many failed sign-ins. Try again in ${wait} seconds.`), 429);
    }
    const body = await readBody(c);
    const token = body.ok ? field(body.fields, 'token') : undefined;
    if (!token || !sameSecret(token, adminToken)) {
      limiter.fail(key, now);
      await audit(ctx, c, 'console.sign-in', 401, { reason: 'wrong token' });
      return c.html(form('That token is not right.'), 401);
    }
    limiter.succeed(key);
    ctx.sessions.end(getCookie(c, SESSION_COOKIE));
    const session = ctx.sessions.create(now);
    setCookie(c, SESSION_COOKIE, session.id, {
      path: '/console',
      httpOnly: true,
      secure: secureCookie(c),
      sameSite: 'Strict',
      maxAge: Math.floor((session.expiresAt - now.getTime()) / 1000),
    });
    await audit(ctx, c, 'console.sign-in', 303, null);
    return c.redirect('/console/', 303);
  });

  app.post('/console/logout', async (c) => {
    const session = sessionOf(ctx, c);
    if (!session) return c.text('Forbidden: sign in first\n', 403);
    const body = await readBody(c);
    const csrf = body.ok ? field(body.fields, 'csrf') : undefined;
    if (!csrf || !sameSecret(csrf, session.csrf)) return c.text('Forbidden: no CSRF token\n', 403);
    ctx.sessions.end(session.id);
    deleteCookie(c, SESSION_COOKIE, { path: '/console', secure: secureCookie(c) });
    await audit(ctx, c, 'console.sign-out', 303, null);
    return c.html(
      consolePage(view, 'Signed out', html`<p><a href="/console/login">Sign in again</a></p>`),
    );
  });
}

export { csrfField };
