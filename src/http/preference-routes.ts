import type { Context, Hono } from 'hono';
import { parsePreferences } from '../subscribers/index.js';
import { preferencesPage, unsubscribedPage, unsubscribePage } from './pages/preferences.js';
import { badLinkPage } from './pages/subscription.js';
import { readBody, submittedChoices } from './request.js';
import type { SubscriptionContext } from './subscription-routes.js';

/** `GET|POST /unsubscribe` and `GET|POST /preferences`: the token in the URL is the only key. */
export function preferenceRoutes(app: Hono, ctx: SubscriptionContext): void {
  const { service, deps, site, refuse } = ctx;
  const token = (c: Context) => c.req.query('token') ?? '';
  const notFound = (c: Context) => c.html(badLinkPage(site, 'invalid'), 404);

  app.get('/unsubscribe', async (c) => {
    const subject = await service.unsubscribeSubject(token(c), new Date());
    if (!subject.ok) return notFound(c);
    return c.html(unsubscribePage(site, subject.subscriber, token(c)));
  });

  // RFC 8058 one-click: mail providers POST `List-Unsubscribe=One-Click` (or nothing) with no
  // cookie and follow no redirect, so the answer is a plain 200, and a repeat changes nothing.
  app.post('/unsubscribe', async (c) => {
    const result = await service.unsubscribe(token(c), new Date());
    if (result === 'invalid') return notFound(c);
    return c.html(unsubscribedPage(site));
  });

  app.get('/preferences', async (c) => {
    const key = token(c);
    const subject = await service.preferencesSubject(key, new Date());
    if (!subject.ok) return notFound(c);
    const categories = deps.site.current().categories;
    return c.html(
      preferencesPage(site, { subscriber: subject.subscriber, token: key, categories }),
    );
  });

  app.post('/preferences', async (c) => {
    const key = token(c);
    const now = new Date();
    const subject = await service.preferencesSubject(key, now);
    if (!subject.ok) return notFound(c);
    const body = await readBody(c);
    if (!body.ok) return refuse(c, body.status, body.message);
    if (body.fields.action === 'unsubscribe') {
      await service.updatePreferences(subject.subscriber, { unsubscribe: true }, now);
      return c.html(unsubscribedPage(site));
    }
    const categories = deps.site.current().categories;
    const parsed = parsePreferences(
      body.fields,
      categories.map((category) => category.slug),
    );
    const view = { subscriber: subject.subscriber, token: key, categories };
    if (!parsed.ok) {
      const values = submittedChoices(body.fields);
      return c.html(preferencesPage(site, { ...view, problems: parsed.problems, values }), 400);
    }
    const subscriber = await service.updatePreferences(
      subject.subscriber,
      { preferences: parsed.value },
      now,
    );
    return c.html(preferencesPage(site, { ...view, subscriber, saved: true }));
  });
}
