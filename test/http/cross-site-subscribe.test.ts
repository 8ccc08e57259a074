import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlite, type TestDatabase } from '../helpers/db.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';
import { SITE_URL, type SubscriptionApp, subscriptionApp } from '../helpers/subscription-app.js';

const EVIL = 'https://evil.example';
const PARTNER = 'https://partner.example';

/**
 * Another site's page posts its visitors' typed addresses to `/subscribe` (a form, or fetch):
 * each becomes a confirmation email from us, and the attacker spends the per-client allowance.
 * Only a same-origin form, or JSON from an origin the operator lists, is taken.
 */
describe('POST /subscribe from another site', () => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let gazette: SubscriptionApp;

  beforeAll(async () => {
    database = await createSqlite();
    sink = await startSmtpSink();
    gazette = await subscriptionApp(database.db, sink.url, {
      GAZETTE_SUBSCRIBE_ORIGINS: PARTNER,
      // Three for the reader's own posts below, one for the partner's.
      GAZETTE_SUBSCRIBE_RATE: '4',
    });
  });
  afterAll(async () => {
    gazette?.close();
    await sink?.close();
    await database?.drop();
  });

  const count = async () =>
    (await database.db.kysely.selectFrom('subscribers').select('email').execute()).length;
  const post = (headers: Record<string, string>, body: string) =>
    gazette.app.request(`${SITE_URL}/subscribe`, { method: 'POST', headers, body });
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const json = { 'content-type': 'application/json' };

  it('refuses cross-site form posts before they count against the allowance', async () => {
    const attacks: Record<string, string>[] = [
      { ...form, origin: EVIL, 'sec-fetch-site': 'cross-site' },
      { ...form, origin: EVIL },
      { ...form, 'sec-fetch-site': 'cross-site' },
      { ...form, 'sec-fetch-site': 'same-site', origin: 'https://sub.gazette.test' },
      { ...form, origin: 'null' },
      // A sandboxed frame on another site.
      { ...form, origin: 'null', 'sec-fetch-site': 'cross-site' },
      // A listed origin may send JSON, not a form: a form needs no CORS preflight.
      { ...form, origin: PARTNER, 'sec-fetch-site': 'cross-site' },
      { ...json, origin: EVIL, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of attacks) {
      const response = await post(headers, 'email=victim%40example.org');
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect(await count()).toBe(0);
    expect(sink.messages).toHaveLength(0);
    // The allowance is still whole for the reader's own posts (requests made in process share
    // one client).
    // Our pages send no Referer, so a browser posts their forms with `Origin: null`.
    const own: Record<string, string>[] = [
      { origin: SITE_URL, 'sec-fetch-site': 'same-origin' },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
      { origin: SITE_URL },
    ];
    for (const [i, headers] of own.entries()) {
      const response = await post({ ...form, ...headers }, `email=reader${i}%40example.org`);
      expect(response.status, JSON.stringify(headers)).toBe(202);
    }
  });

  it('takes JSON from a listed origin, with CORS headers, and answers its preflight', async () => {
    const preflight = await gazette.app.request(`${SITE_URL}/subscribe`, {
      method: 'OPTIONS',
      headers: {
        origin: PARTNER,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(PARTNER);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const refused = await gazette.app.request(`${SITE_URL}/subscribe`, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST' },
    });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();

    const before = await count();
    const accepted = await post(
      { ...json, origin: PARTNER, 'sec-fetch-site': 'cross-site' },
      JSON.stringify({ email: 'partner-reader@example.org' }),
    );
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('access-control-allow-origin')).toBe(PARTNER);
    expect(await count()).toBe(before + 1);
  });

  it('still takes a post with neither header (a script or an older client)', async () => {
    const fresh = await subscriptionApp(database.db, sink.url);
    try {
      const response = await fresh.app.request(`${SITE_URL}/subscribe`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: 'script@example.org' }),
      });
      expect(response.status).toBe(202);
    } finally {
      fresh.close();
    }
  });
});
