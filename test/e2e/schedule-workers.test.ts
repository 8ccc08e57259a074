import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgres, databases } from '../helpers/db.js';
import { type ScheduleFixture, scheduleFixture, wait } from '../helpers/schedule-fixture.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';
import { startServe } from '../helpers/serve.js';

const hasPostgres = databases.some((d) => d.name === 'postgres');

describe.skipIf(!hasPostgres)('two serve workers on one PostgreSQL database', () => {
  let f: ScheduleFixture;
  beforeEach(async () => {
    f = await scheduleFixture(createPostgres);
  });
  afterEach(() => f.close());

  it('two workers on PostgreSQL: one digest per slot with new content, none without', async () => {
    const subscribers = await seedSubscribers(f.test.db, 6);
    const e = f.env('*/3 * * * * *');
    f.workers.push(...(await Promise.all([startServe(e), startServe(e)])));
    await f.smtp.waitFor(6, 15_000);
    await wait(3500); // another slot, nothing new in it
    expect(f.smtp.received).toHaveLength(6);

    f.writeArticle('two.txt', 'Second story');
    await f.smtp.waitFor(12, 15_000);
    await wait(3500);
    expect(f.smtp.received).toHaveLength(12);
    for (const s of subscribers) {
      const [first, second] = f.perAddress().get(s.email) ?? [];
      expect(first).toContain('First story');
      expect(second).toContain('Second story');
      expect(second).not.toContain('First story');
    }
    expect(f.smtp.byMessageId().size).toBe(12);

    // Every slot is one key with one run; both workers took part.
    const slots = await f.test.db.kysely.selectFrom('schedule_slots').selectAll().execute();
    expect(slots.length).toBeGreaterThanOrEqual(3);
    expect(new Set(slots.map((s) => s.run_id)).size).toBe(slots.length);
    const sending = await f.test.db.kysely
      .selectFrom('send_runs')
      .select(['id', 'planned'])
      .where('planned', '>', 0)
      .execute();
    expect(sending).toHaveLength(2);
    const sent = await Promise.all(f.workers.map((w) => w.metric('gazette_deliveries_sent_total')));
    expect(sent.reduce((a, b) => a + b, 0)).toBe(12);
  }, 60_000);
});
