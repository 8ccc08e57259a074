import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliveryStore, type Db } from '../../src/store/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { planTestRun, seedSubscribers } from '../helpers/send-fixtures.js';

const NOW = new Date('2024-06-21T07:00:00Z');
const NO_CAPS = { hourly: 0, daily: 0 };

async function rows(db: Db, runId: string) {
  const all = await db.kysely
    .selectFrom('deliveries')
    .select(['id', 'subscriber_id', 'status', 'last_error', 'smtp_code', 'claimed_by'])
    .where('run_id', '=', runId)
    .orderBy('id')
    .execute();
  return all.map((row) => ({ ...row, id: Number(row.id) }));
}

describe.each(databases)('the outbox on $name', ({ create }) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await create();
  });
  afterEach(async () => {
    await test.drop();
  });

  it('writes a step of every kind of outcome at once, each only where this worker holds the row', async () => {
    await seedSubscribers(test.db, 8);
    const run = await planTestRun(test.db, ['a1']);
    const store = createDeliveryStore(test.db);
    await store.registerWorker('w1', run.id, NOW);
    const claimed = await store.claim(run.id, 'w1', 8, NOW, ['queued']);
    const ids = claimed.map((d) => d.id);
    expect(ids).toHaveLength(8);
    const first = await store.step('w1', { outcomes: [], start: ids, caps: NO_CAPS }, NOW);
    expect(first).toEqual({ lost: [], started: ids, resumeAt: null });

    const [sent, requeued, deferred, failed, bounced, skipped, other, gone] = claimed;
    // Another worker's row: this worker's outcome for it must not land.
    await test.db.kysely
      .updateTable('deliveries')
      .set({ claimed_by: 'w2' })
      .where('id', '=', other?.id ?? 0)
      .execute();
    const long = 'x'.repeat(3000);
    const result = await store.step(
      'w1',
      {
        outcomes: [
          { status: 'sent', id: sent?.id ?? 0, response: '250 ok' },
          { status: 'requeue', id: requeued?.id ?? 0 },
          {
            status: 'deferred',
            id: deferred?.id ?? 0,
            error: '451 later',
            code: 451,
            nextAttemptAt: new Date(NOW.getTime() + 60_000),
          },
          { status: 'failed', id: failed?.id ?? 0, error: long, code: 554 },
          {
            status: 'bounced',
            id: bounced?.id ?? 0,
            error: '550 no such user',
            code: 550,
            subscriberId: bounced?.subscriberId ?? '',
          },
          { status: 'skipped', id: skipped?.id ?? 0, error: long },
          { status: 'sent', id: other?.id ?? 0, response: '250 ok' },
        ],
        start: [],
        caps: NO_CAPS,
      },
      NOW,
    );
    expect(result).toEqual({ lost: [other?.id], started: [], resumeAt: null });

    const after = new Map((await rows(test.db, run.id)).map((row) => [row.id, row]));
    expect(after.get(sent?.id ?? 0)).toMatchObject({ status: 'sent', last_error: null });
    expect(after.get(requeued?.id ?? 0)).toMatchObject({ status: 'claimed', claimed_by: 'w1' });
    expect(after.get(deferred?.id ?? 0)).toMatchObject({
      status: 'deferred',
      last_error: '451 later',
      smtp_code: 451,
      claimed_by: null,
    });
    expect(after.get(failed?.id ?? 0)).toMatchObject({ status: 'failed', smtp_code: 554 });
    expect(after.get(bounced?.id ?? 0)).toMatchObject({ status: 'bounced', smtp_code: 550 });
    // Errors are bounded alike, whatever the outcome and the database.
    expect(after.get(failed?.id ?? 0)?.last_error).toHaveLength(1000);
    expect(after.get(skipped?.id ?? 0)).toMatchObject({ status: 'skipped', smtp_code: null });
    expect(after.get(skipped?.id ?? 0)?.last_error).toHaveLength(1000);
    expect(after.get(other?.id ?? 0)).toMatchObject({ status: 'sending', claimed_by: 'w2' });
    expect(after.get(gone?.id ?? 0)).toMatchObject({ status: 'sending', claimed_by: 'w1' });

    const subscribers = await test.db.kysely
      .selectFrom('subscribers')
      .select(['id', 'status', 'bounce_reason'])
      .where('status', '=', 'bounced')
      .execute();
    expect(subscribers).toEqual([
      { id: bounced?.subscriberId, status: 'bounced', bounce_reason: '550 no such user' },
    ]);
  });

  it('starts under a cap only as many as it allows, in order, and says when the next may go', async () => {
    await seedSubscribers(test.db, 5);
    const run = await planTestRun(test.db, ['a1']);
    const store = createDeliveryStore(test.db);
    await store.registerWorker('w1', run.id, NOW);
    const ids = (await store.claim(run.id, 'w1', 5, NOW, ['queued'])).map((d) => d.id);
    // A row another worker took does not use up a place under the cap.
    await test.db.kysely
      .updateTable('deliveries')
      .set({ claimed_by: 'w2' })
      .where('id', '=', ids[0] ?? 0)
      .execute();
    const caps = { hourly: 3, daily: 0 };
    const result = await store.step('w1', { outcomes: [], start: ids, caps }, NOW);
    expect(result.started).toEqual(ids.slice(1, 4));
    expect(result.lost).toEqual([ids[0]]);
    // Counted in the minute that ends after now: free an hour after that minute ends.
    expect(result.resumeAt).toEqual(new Date(NOW.getTime() + 3_600_000));
    const again = await store.step('w1', { outcomes: [], start: ids.slice(4), caps }, NOW);
    expect(again).toEqual({ lost: [], started: [], resumeAt: result.resumeAt });
  });
});
