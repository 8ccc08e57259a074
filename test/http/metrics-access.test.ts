import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSubscriptions } from '../../src/app/subscriptions.js';
import { loadConfig } from '../../src/config.js';
import { createApp, createMetrics } from '../../src/http/index.js';
import { createLogger } from '../../src/log.js';
import { countSubscribersByStatus } from '../../src/store/index.js';
import { createSqlite, type TestDatabase } from '../helpers/db.js';
import { staticSite } from '../helpers/site.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';
import { CATEGORIES, SECRET, SITE_URL } from '../helpers/subscription-app.js';

const ADMIN = 'admin-token-of-enough-length';
const METRICS = 'metrics-token-of-enough-length';

/**
 * The probe: subscribe an address, then read the subscriber gauges. A stranger who can read
 * them learns whether the address was already pending, confirmed, unsubscribed or bounced.
 */
describe('/metrics and /healthz answer strangers nothing about subscribers', () => {
  let database: TestDatabase;
  let sink: SmtpSink;
  const closers: (() => unknown)[] = [];

  beforeAll(async () => {
    database = await createSqlite();
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    for (const close of closers) await close();
    await sink?.close();
    await database?.drop();
  });

  async function gazette(env: Record<string, string>): Promise<Hono> {
    const config = loadConfig({
      GAZETTE_SECRET: SECRET,
      GAZETTE_SITE_URL: SITE_URL,
      GAZETTE_SMTP_URL: sink.url,
      GAZETTE_SUBSCRIBE_RATE: '1000',
      ...env,
    });
    const subscriptions = await openSubscriptions(config, database.db, () => CATEGORIES);
    closers.push(subscriptions.close);
    return createApp({
      config,
      logger: createLogger('silent'),
      site: staticSite({ articles: [], categories: CATEGORIES, problems: [] }),
      subscriptions: subscriptions.service,
      metrics: createMetrics({ subscriberCounts: () => countSubscribersByStatus(database.db) }),
      health: [{ name: 'database', check: async () => {} }],
    });
  }

  const subscribe = (app: Hono, email: string) =>
    app.request(`${SITE_URL}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });

  it('refuses a scrape without the bearer token, so the gauges cannot be watched', async () => {
    const app = await gazette({ GAZETTE_ADMIN_TOKEN: ADMIN });
    expect((await subscribe(app, 'probe@example.org')).status).toBe(202);
    const stranger = await app.request(`${SITE_URL}/metrics`);
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await stranger.text()).not.toContain('gazette_subscribers');
    const wrong = await app.request(`${SITE_URL}/metrics`, {
      headers: { authorization: `Bearer ${METRICS}` },
    });
    expect(wrong.status).toBe(401);
    // The admin token scrapes when no metrics token is set.
    const operator = await app.request(`${SITE_URL}/metrics`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(operator.status).toBe(200);
    expect(await operator.text()).toMatch(/gazette_subscribers\{status="pending"\} 1/);
  });

  it('takes GAZETTE_METRICS_TOKEN first, and is off with neither token', async () => {
    const both = await gazette({ GAZETTE_ADMIN_TOKEN: ADMIN, GAZETTE_METRICS_TOKEN: METRICS });
    const scraped = await both.request(`${SITE_URL}/metrics`, {
      headers: { authorization: `Bearer ${METRICS}` },
    });
    expect(scraped.status).toBe(200);
    const admin = await both.request(`${SITE_URL}/metrics`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(admin.status).toBe(401);
    const neither = await gazette({});
    expect((await neither.request(`${SITE_URL}/metrics`)).status).toBe(404);
  });

  it('/healthz tells a stranger up or down, and its counts only to the token', async () => {
    const app = await gazette({ GAZETTE_METRICS_TOKEN: METRICS });
    const stranger = await app.request(`${SITE_URL}/healthz`);
    expect(stranger.status).toBe(200);
    expect(await stranger.json()).toEqual({ status: 'ok' });
    const scraper = await app.request(`${SITE_URL}/healthz`, {
      headers: { authorization: `Bearer ${METRICS}` },
    });
    expect(await scraper.json()).toMatchObject({
      status: 'ok',
      articles: 0,
      categories: 2,
      checks: { database: { status: 'ok' } },
    });
  });
});
