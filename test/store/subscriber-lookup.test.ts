import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliveryStore } from '../../src/store/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { planTestRun, seedSubscribers } from '../helpers/send-fixtures.js';

describe.each(databases)('due subscribers on $name', ({ create }) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await create();
  });
  afterEach(async () => {
    await test.drop();
  });

  it('finds one due subscriber by address, in any case, with what they were sent', async () => {
    await seedSubscribers(test.db, 3, {
      email: (i) => ['Ann.Lee@example.org', 'bob@example.org', 'cy@example.org'][i] ?? '',
    });
    await test.db.kysely
      .updateTable('subscribers')
      .set({ status: 'unsubscribed' })
      .where('email', '=', 'bob@example.org')
      .execute();
    await test.db.kysely
      .updateTable('subscribers')
      .set({ frequency: 'weekly' })
      .where('email', '=', 'cy@example.org')
      .execute();
    const run = await planTestRun(test.db, ['a1', 'a2']);
    await test.db.kysely
      .updateTable('deliveries')
      .set({ status: 'sent', sent_at: Date.now() })
      .where('run_id', '=', run.id)
      .execute();
    const store = createDeliveryStore(test.db);
    const now = new Date();

    const ann = await store.findDue(' ann.lee@EXAMPLE.org ', 'daily', now);
    expect(ann).toMatchObject({ id: 's000000', email: 'Ann.Lee@example.org', categories: [] });
    expect(ann?.lastDigestAt).toEqual(run.windowEnd);
    expect([...(ann?.sentArticleIds ?? [])].sort()).toEqual(['a1', 'a2']);
    // Not confirmed, or not of this frequency: not due.
    expect(await store.findDue('bob@example.org', 'daily', now)).toBeUndefined();
    expect(await store.findDue('cy@example.org', 'daily', now)).toBeUndefined();
    expect(await store.findDue('cy@example.org', 'weekly', now)).toMatchObject({ id: 's000002' });
    expect(await store.findDue('nobody@example.org', 'daily', now)).toBeUndefined();
    expect(await store.notConfirmed(['s000000', 's000001', 's000002'])).toEqual(
      new Set(['s000001']),
    );
  });

  it('goes through every due subscriber in id order, page after page', async () => {
    await seedSubscribers(test.db, 1203);
    await test.db.kysely
      .updateTable('subscribers')
      .set({ frequency: 'weekly' })
      .where('id', '=', 's000600')
      .execute();
    const seen: string[] = [];
    for await (const subscriber of createDeliveryStore(test.db).eachDue('daily', new Date())) {
      seen.push(subscriber.id);
    }
    expect(seen).toHaveLength(1202);
    expect(seen).toEqual([...seen].sort());
    expect(seen).not.toContain('s000600');
    expect(seen.at(-1)).toBe('s001202');
  });
});
