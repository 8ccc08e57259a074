import { afterEach, describe, expect, it } from 'vitest';
import { createSubscriberRepository } from '../../src/store/index.js';
import type { Subscriber } from '../../src/subscribers/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';

const at = new Date('2024-06-21T08:00:00.123Z');
const later = new Date('2024-06-22T08:00:00.456Z');

function subscriber(id: string, email: string): Subscriber {
  return {
    id,
    email,
    name: null,
    categories: ['biz-updates'],
    frequency: 'weekly',
    status: 'pending',
    timezone: null,
    createdAt: at,
    updatedAt: at,
    subscribedAt: at,
    subscribedIp: '192.0.2.1',
    subscribedUserAgent: 'test',
    subscribedSource: 'web',
    confirmedAt: null,
    confirmedIp: null,
    confirmedUserAgent: null,
    unsubscribedAt: null,
    bouncedAt: null,
    bounceReason: null,
    complainedAt: null,
    complaintSource: null,
    preferencesUpdatedAt: null,
    noticeSentAt: null,
  };
}

describe.each(databases)('subscriber repository on $name', ({ create }) => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.drop();
    test = undefined;
  });

  it('stores and reads back every field, instants to the millisecond', async () => {
    test = await create();
    const repository = createSubscriberRepository(test.db);
    const one = { ...subscriber('s1', 'a@example.org'), name: 'Ann', timezone: 'Europe/Berlin' };
    expect(await repository.insert(one)).toBe(true);
    expect(await repository.findById('s1')).toEqual(one);
    expect(await repository.findByEmail('a@example.org')).toEqual(one);
    expect(await repository.findById('nobody')).toBeNull();
    expect(await repository.findByEmail('nobody@example.org')).toBeNull();
    // The columns the send pipeline reads directly mean what migration 002 says.
    const row = await test.db.kysely
      .selectFrom('subscribers')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      categories: '["biz-updates"]',
      status: 'pending',
      frequency: 'weekly',
      created_at: at.getTime(),
      subscribed_at: at.getTime(),
    });
  });

  it('never stores a second row for one address', async () => {
    test = await create();
    const repository = createSubscriberRepository(test.db);
    const results = await Promise.all([
      repository.insert(subscriber('s1', 'a@example.org')),
      repository.insert(subscriber('s2', 'a@example.org')),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect(await repository.list()).toHaveLength(1);
  });

  it('updates only while the status is one expected', async () => {
    test = await create();
    const repository = createSubscriberRepository(test.db);
    await repository.insert(subscriber('s1', 'a@example.org'));
    const confirm = { status: 'confirmed' as const, confirmedAt: later, confirmedIp: null };
    expect(await repository.update('s1', confirm, later, { ifStatus: ['pending'] })).toBe(true);
    expect(
      await repository.update('s1', { status: 'pending' }, later, { ifStatus: ['unsubscribed'] }),
    ).toBe(false);
    expect(await repository.update('nobody', { frequency: 'daily' }, later)).toBe(false);
    const changes = { categories: [], frequency: 'daily' as const, preferencesUpdatedAt: later };
    expect(await repository.update('s1', changes, later)).toBe(true);
    expect(await repository.findById('s1')).toEqual({
      ...subscriber('s1', 'a@example.org'),
      ...confirm,
      ...changes,
      updatedAt: later,
    });
  });

  it('lists by address and erases a subscriber completely', async () => {
    test = await create();
    const repository = createSubscriberRepository(test.db);
    await repository.insert(subscriber('s2', 'b@example.org'));
    await repository.insert(subscriber('s1', 'a@example.org'));
    expect((await repository.list()).map((s) => s.email)).toEqual([
      'a@example.org',
      'b@example.org',
    ]);
    expect(await repository.remove('s1')).toBe(true);
    expect(await repository.remove('s1')).toBe(false);
    const left = await test.db.kysely.selectFrom('subscribers').select('email').execute();
    expect(left).toEqual([{ email: 'b@example.org' }]);
  });
});
