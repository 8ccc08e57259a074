import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCron, slotsBetween } from '../../src/schedule/index.js';
import { createSqlite } from '../helpers/db.js';
import { type ScheduleFixture, scheduleFixture, wait } from '../helpers/schedule-fixture.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';
import { startServe } from '../helpers/serve.js';

describe('schedule catch-up with a real worker process', () => {
  let f: ScheduleFixture;
  beforeEach(async () => {
    f = await scheduleFixture(createSqlite);
  });
  afterEach(() => f.close());

  it('a worker killed between two slots catches up the missed slot once when restarted', async () => {
    const subscribers = await seedSubscribers(f.test.db, 3);
    const cron = '*/4 * * * * *';
    const e = f.env(cron);
    const first = await startServe(e);
    f.workers.push(first);
    await f.smtp.waitFor(3, 15_000);
    // Between two slots: the first slot's run is recorded done (a kill mid-run is the send
    // tests' business: at-least-once, doubles bounded by the pool).
    await expect
      .poll(() => first.logs.some((l) => l.msg === 'run finished' && l.sent === 3), {
        timeout: 5000,
      })
      .toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;

    f.writeArticle('two.txt', 'Missed story');
    // Let the next slot pass with no worker up.
    const killedAt = new Date();
    const [missed] = slotsBetween(parseCron(cron), 'UTC', killedAt, new Date(Date.now() + 5000));
    await wait((missed?.getTime() ?? Date.now()) - Date.now() + 300);

    const restarting = new Date();
    const second = await startServe(e);
    f.workers.push(second);
    await f.smtp.waitFor(6, 15_000);
    await wait(4500); // the next slot comes and has nothing new
    expect(f.smtp.received).toHaveLength(6);
    for (const s of subscribers) expect(f.perAddress().get(s.email)?.[1]).toContain('Missed story');
    // The slot caught up is one that came while no worker was up (the restart itself takes a
    // few seconds, so it may be a later one than the first missed).
    const caughtUp = second.logs.filter((l) => l.msg === 'catching up a slot');
    expect(caughtUp).toHaveLength(1);
    const slotAt = Date.parse(String(caughtUp[0]?.slot));
    expect(slotAt).toBeGreaterThan(killedAt.getTime());
    expect(slotAt).toBeGreaterThanOrEqual(missed?.getTime() ?? 0);
    const row = await f.test.db.kysely
      .selectFrom('schedule_slots')
      .innerJoin('send_runs', 'send_runs.id', 'schedule_slots.run_id')
      .select(['send_runs.planned', 'send_runs.status'])
      .where('slot_at', '=', slotAt)
      .executeTakeFirst();
    expect(row).toEqual({ planned: 3, status: 'done' });
    expect(restarting.getTime()).toBeGreaterThan(missed?.getTime() ?? 0);
  }, 60_000);
});
