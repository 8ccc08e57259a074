import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  countSubscribersByStatus,
  listAudit,
  recordAudit,
  searchSubscribers,
  subscribersPage,
} from '../../src/store/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';

describe.each(databases)('admin queries on $name', ({ create }) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await create();
    await seedSubscribers(test.db, 25);
    await test.db.kysely
      .updateTable('subscribers')
      .set({ status: 'unsubscribed', name: 'Ann 100%_sure' })
      .where('email', 'in', ['user3@example.org', 'user13@example.org'])
      .execute();
  });
  afterEach(() => test.drop());

  it('searches address and name in any case, filters by status, pages by offset and cursor', async () => {
    const found = await searchSubscribers(test.db, { q: 'USER1', limit: 5 });
    expect(found.total).toBe(11); // user1, user10..user19
    expect(found.rows).toHaveLength(5);
    // Both ways of paging walk the same order (the database's collation) without gaps or repeats.
    const byCursor: string[] = [];
    const byOffset: string[] = [];
    for (let after: string | undefined, page = 0; page < 3; page++) {
      const rows = (
        await searchSubscribers(test.db, { q: 'user1', limit: 5, ...(after ? { after } : {}) })
      ).rows.map((r) => r.email);
      byCursor.push(...rows);
      after = rows.at(-1);
      const offset = await searchSubscribers(test.db, { q: 'user1', limit: 5, offset: page * 5 });
      byOffset.push(...offset.rows.map((r) => r.email));
    }
    expect(byCursor).toEqual(byOffset);
    expect(new Set(byCursor).size).toBe(11);
    // % and _ match themselves, not "anything".
    const literal = await searchSubscribers(test.db, { q: '100%_s', limit: 10 });
    expect(literal.rows.map((r) => r.email).sort()).toEqual([
      'user13@example.org',
      'user3@example.org',
    ]);
    expect((await searchSubscribers(test.db, { q: '1%', limit: 10 })).total).toBe(0);
    const gone = await searchSubscribers(test.db, { status: 'unsubscribed', limit: 10 });
    expect(gone.total).toBe(2);
    expect(await countSubscribersByStatus(test.db)).toEqual({ confirmed: 23, unsubscribed: 2 });
  });

  it('the console finds an address by any part of it, in any case, _ and % as typed', async () => {
    const renamed = ['Ann_Lee@example.org', 'annxlee@example.org', 'ann%lee@example.org'];
    for (const [i, email] of renamed.entries()) {
      await test.db.kysely
        .updateTable('subscribers')
        .set({ email })
        .where('email', '=', `user${i}@example.org`)
        .execute();
    }
    const emails = async (query: string, category?: string) =>
      (await subscribersPage(test.db, { query, category, limit: 50 })).map((r) => r.email);
    expect(await emails('ann_lee')).toEqual(['Ann_Lee@example.org']);
    expect(await emails('N%L')).toEqual(['ann%lee@example.org']);
    expect(await emails('user2')).toEqual([
      'user20@example.org',
      'user21@example.org',
      'user22@example.org',
      'user23@example.org',
      'user24@example.org',
    ]);
  });

  it('appends audit entries', async () => {
    const entry = {
      at: new Date('2024-06-21T07:00:00Z'),
      actor: 'alice (token abc)',
      action: 'sends.create',
      target: 'run-1',
      status: 202,
      detail: { dryRun: false },
      ip: '127.0.0.1',
      userAgent: 'curl/8',
    };
    await recordAudit(test.db, entry);
    await recordAudit(test.db, { ...entry, action: 'runs.list', target: null, detail: null });
    const entries = await listAudit(test.db, 10);
    expect(entries.map((e) => e.action)).toEqual(['runs.list', 'sends.create']);
    expect(entries[1]).toEqual({ ...entry, repeats: 1 });
  });
});
