import type { Context, Hono } from 'hono';
import { NoticeNotSent, parseSubscription } from '../subscribers/index.js';
import { allowCors, checkOrigin, corsPreflight, type OriginPolicy } from './origin-check.js';
import {
  badLinkPage,
  confirmedPage,
  confirmPage,
  manageAcceptedPage,
  managePage,
  subscribeAcceptedPage,
  subscribePage,
} from './pages/subscription.js';
import type { RateLimiter } from './rate-limit.js';
import { clientAddress, readBody, submittedChoices, userAgent, wantsJson } from './request.js';
import type { SubscriptionContext } from './subscription-routes.js';

const ACCEPTED = 'Check your inbox: a message is on its way to the address you gave.';

/** `GET|POST /subscribe`, `GET|POST /confirm`, `GET|POST /manage`. */
export function subscribeRoutes(app: Hono, ctx: SubscriptionContext, limiter: RateLimiter): void {
  const { service, deps, site, refuse } = ctx;
  const categories = () => deps.site.current().categories;

  /** Counts the request against its client; a response when over the limit. */
  const overLimit = (c: Context): Response | null => {
    const decision = limiter.take(clientAddress(c) ?? 'unknown', new Date());
    if (decision.allowed) return null;
    c.header('Retry-After', String(decision.retryAfterSeconds));
    return refuse(c, 429, 'too many requests from your address; please wait a minute');
  };

  /**
   * Mail that cannot go out is the server's failure, said plainly; the row stays for a retry.
   * Any other error is the app's to report (500).
   */
  const sendFailed = (c: Context, error: unknown): Response => {
    if (!(error instanceof NoticeNotSent)) throw error;
    deps.logger.error({ err: error, path: c.req.path }, 'subscription email not sent');
    return refuse(c, 503, 'we could not send the email just now; please try again later');
  };

  const policy: OriginPolicy = {
    siteUrl: deps.config.siteUrl,
    allowed: deps.config.subscribeOrigins,
  };
  /** A post from a page of another site: refused before it counts against the allowance. */
  const crossSite = (c: Context, origins: OriginPolicy): Response | null => {
    const verdict = checkOrigin(c, origins);
    if (!verdict.ok) return refuse(c, 403, 'this form can only be sent from our own pages');
    if (verdict.corsOrigin) allowCors(c, verdict.corsOrigin);
    return null;
  };

  app.get('/subscribe', (c) => c.html(subscribePage(site, categories())));

  corsPreflight(app, '/subscribe', policy);
  app.post('/subscribe', async (c) => {
    const foreign = crossSite(c, policy);
    if (foreign) return foreign;
    const limited = overLimit(c);
    if (limited) return limited;
    const body = await readBody(c);
    if (!body.ok) return refuse(c, body.status, body.message);
    const known = categories();
    const parsed = parseSubscription(
      body.fields,
      known.map((category) => category.slug),
    );
    if (!parsed.ok) {
      if (wantsJson(c))
        return c.json({ error: 'invalid subscription', problems: parsed.problems }, 400);
      const values = submittedChoices(body.fields);
      return c.html(subscribePage(site, known, { values, problems: parsed.problems }), 400);
    }
    const consent = { source: 'web' as const, ip: clientAddress(c), userAgent: userAgent(c) };
    try {
      await service.subscribe({ ...parsed.value, consent }, new Date());
    } catch (error) {
      return sendFailed(c, error);
    }
    if (wantsJson(c)) return c.json({ status: 'accepted', message: ACCEPTED }, 202);
    return c.html(subscribeAcceptedPage(site), 202);
  });

  // A GET changes nothing: it shows the button whose POST below confirms.
  app.get('/confirm', async (c) => {
    const token = c.req.query('token') ?? '';
    const subject = await service.confirmationSubject(token, new Date());
    if (subject.status === 'pending') return c.html(confirmPage(site, subject.subscriber, token));
    if (subject.status === 'already-confirmed') return c.html(confirmedPage(site, true));
    return c.html(badLinkPage(site, subject.status), 404);
  });

  app.post('/confirm', async (c) => {
    const consent = { source: 'web' as const, ip: clientAddress(c), userAgent: userAgent(c) };
    const result = await service.confirm(c.req.query('token') ?? '', consent, new Date());
    if (result.status === 'confirmed' || result.status === 'already-confirmed') {
      return c.html(confirmedPage(site, result.status === 'already-confirmed'));
    }
    return c.html(badLinkPage(site, result.status), 404);
  });

  app.get('/manage', (c) => c.html(managePage(site)));

  app.post('/manage', async (c) => {
    const foreign = crossSite(c, { ...policy, allowed: [] });
    if (foreign) return foreign;
    const limited = overLimit(c);
    if (limited) return limited;
    const body = await readBody(c);
    if (!body.ok) return refuse(c, body.status, body.message);
    // Only the address matters here; the same rules as for subscribing.
    const parsed = parseSubscription({ email: body.fields.email }, []);
    if (!parsed.ok) {
      const { problems } = parsed;
      if (wantsJson(c)) return c.json({ error: 'invalid request', problems }, 400);
      const email = submittedChoices(body.fields).email;
      return c.html(managePage(site, { email, problems }), 400);
    }
    // Sent after answering: a known and an unknown address get the same answer in the same
    // time, even while the mail server is down, so the form cannot tell who subscribes.
    service.requestManageLink(parsed.value.email, new Date()).catch((error: unknown) => {
      deps.logger.error({ err: error, path: c.req.path }, 'preferences-link email not sent');
    });
    if (wantsJson(c)) return c.json({ status: 'accepted', message: ACCEPTED }, 202);
    return c.html(manageAcceptedPage(site), 202);
  });
}
