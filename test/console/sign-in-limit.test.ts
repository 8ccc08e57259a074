import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGN_IN_AUDIT } from '../../src/console/index.js';
import { createSignInLimiter } from '../../src/console/sign-ins.js';
import { recordAudit } from '../../src/store/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';

const AT = new Date('2024-06-21T08:00:00Z');
const MINUTE = 60_000;
const later = (ms: number) => new Date(AT.getTime() + ms);

describe.each(databases)('the sign-in limit on $name', ({ create }) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await create();
  });
  afterEach(async () => {
    await database?.drop();
  });

  const signIn = (
    at: Date,
    status: number,
    ip: string | null = '203.0.113.7',
    overrides: { actor?: string; action?: string } = {},
  ) =>
    recordAudit(database.db, {
      at,
      actor: overrides.actor ?? 'console',
      action: overrides.action ?? SIGN_IN_AUDIT.action,
      target: null,
      status,
      detail: null,
      ip,
      userAgent: null,
    });

  it('refuses a client after 5 failures in 15 minutes, until the first leaves the window', async () => {
    const limiter = createSignInLimiter(database.db);
    for (let i = 0; i < 4; i++) await signIn(later(i * MINUTE), SIGN_IN_AUDIT.failed);
    expect(await limiter.blockedFor('203.0.113.7', later(4 * MINUTE))).toBe(0);
    await signIn(later(4 * MINUTE), SIGN_IN_AUDIT.failed);
    // The first failure was at 0: the client waits until 15 minutes after it.
    expect(await limiter.blockedFor('203.0.113.7', later(4 * MINUTE))).toBe(11 * 60);
    expect(await limiter.blockedFor('203.0.113.7', later(15 * MINUTE - 1000))).toBe(1);
    expect(await limiter.blockedFor('203.0.113.7', later(15 * MINUTE))).toBe(0);
    // Other clients, and the in-process client with no address, are not affected.
    expect(await limiter.blockedFor('198.51.100.1', later(5 * MINUTE))).toBe(0);
    expect(await limiter.blockedFor(null, later(5 * MINUTE))).toBe(0);
  });

  it('counts only failed console sign-ins, and a success clears those before it', async () => {
    const limiter = createSignInLimiter(database.db);
    const ip = '203.0.113.7';
    for (let i = 0; i < 3; i++) await signIn(later(i * 1000), SIGN_IN_AUDIT.failed, ip);
    // Refusals, other actions and the admin API's actor are not failures of this client.
    await signIn(later(3000), SIGN_IN_AUDIT.refused, ip);
    await signIn(later(4000), 401, ip, { action: 'console.sign-out' });
    await signIn(later(5000), 401, ip, { actor: 'admin:abc' });
    await signIn(later(6000), SIGN_IN_AUDIT.failed, '198.51.100.1');
    expect(await limiter.blockedFor(ip, later(10_000))).toBe(0);
    await signIn(later(11_000), SIGN_IN_AUDIT.succeeded, ip);
    for (let i = 0; i < 4; i++) await signIn(later(12_000 + i), SIGN_IN_AUDIT.failed, ip);
    expect(await limiter.blockedFor(ip, later(20_000))).toBe(0);
    await signIn(later(13_000), SIGN_IN_AUDIT.failed, ip);
    expect(await limiter.blockedFor(ip, later(20_000))).toBe(15 * 60 - 8);
  });

  it('counts the in-process client with no address as one client', async () => {
    const limiter = createSignInLimiter(database.db);
    for (let i = 0; i < 5; i++) await signIn(later(i), SIGN_IN_AUDIT.failed, null);
    expect(await limiter.blockedFor(null, later(10))).toBeGreaterThan(0);
    expect(await limiter.blockedFor('203.0.113.7', later(10))).toBe(0);
  });
});
