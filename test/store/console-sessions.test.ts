import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsoleSessionStore } from '../../src/store/index.js';
import { consoleSessions } from '../../src/store/migrations/010_console_sessions.js';
import { databases, type TestDatabase } from '../helpers/db.js';

const COOKIE = 'cookie-value-that-must-never-be-stored-0123456789';
const AT = new Date('2024-06-21T08:00:00Z');
const HOUR = 3_600_000;
const later = (ms: number) => new Date(AT.getTime() + ms);
const record = (expiresAt: Date) => ({
  createdAt: AT,
  expiresAt,
  ip: '203.0.113.7',
  userAgent: 'Firefox/128',
  tokenDigest: 'f'.repeat(64),
});

describe.each(databases)('console sessions on $name', ({ create }) => {
  let database: TestDatabase;
  const rows = () => database.db.kysely.selectFrom('console_sessions').selectAll().execute();

  beforeEach(async () => {
    database = await create();
  });
  afterEach(async () => {
    await database?.drop();
  });

  it('keeps a session under the SHA-256 of its cookie, never the cookie itself', async () => {
    const store = createConsoleSessionStore(database.db);
    await store.create(COOKIE, record(later(8 * HOUR)));
    const stored = await rows();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id_hash).toBe(createHash('sha256').update(COOKIE).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(COOKIE);
    expect(stored[0]).toMatchObject({ ip: '203.0.113.7', user_agent: 'Firefox/128' });
    expect(Number(stored[0]?.created_at)).toBe(AT.getTime());

    expect(await store.get(COOKIE, later(HOUR))).toEqual(record(later(8 * HOUR)));
    expect(await store.get(`${COOKIE}x`, later(HOUR))).toBeUndefined();
    // The hash is not a key that opens anything: looking it up as a cookie finds nothing.
    expect(await store.get(stored[0]?.id_hash ?? '', later(HOUR))).toBeUndefined();
  });

  it('does not return an expired session and deletes it', async () => {
    const store = createConsoleSessionStore(database.db);
    await store.create(COOKIE, record(later(8 * HOUR)));
    expect(await store.get(COOKIE, later(8 * HOUR - 1))).toBeDefined();
    expect(await store.get(COOKIE, later(8 * HOUR))).toBeUndefined();
    expect(await rows()).toEqual([]);
  });

  it('ends a session at once', async () => {
    const store = createConsoleSessionStore(database.db);
    await store.create(COOKIE, record(later(8 * HOUR)));
    await store.create('another cookie', record(later(8 * HOUR)));
    await store.end(COOKIE);
    expect(await store.get(COOKIE, later(1))).toBeUndefined();
    expect(await store.get('another cookie', later(1))).toBeDefined();
  });

  it('sweeps expired sessions when one is created', async () => {
    const store = createConsoleSessionStore(database.db);
    await store.create('short', record(later(HOUR)));
    await store.create('long', record(later(10 * HOUR)));
    await store.create(COOKIE, { ...record(later(12 * HOUR)), createdAt: later(2 * HOUR) });
    const left = await rows();
    expect(left).toHaveLength(2);
    expect(await store.sweep(later(11 * HOUR))).toBe(1);
    expect(await rows()).toHaveLength(1);
  });

  it('migration 010 goes down and up again', async () => {
    const { kysely, dialect } = database.db;
    await consoleSessions.down?.(kysely, dialect);
    await expect(rows()).rejects.toThrow();
    await consoleSessions.up(kysely, dialect);
    expect(await rows()).toEqual([]);
  });
});
