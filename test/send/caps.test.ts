import { describe, expect, it } from 'vitest';
import { describeRun, planRun, resume, type SendDeps, send } from '../../src/send/index.js';
import { type Db, openDatabase } from '../../src/store/index.js';
import { databases } from '../helpers/db.js';
import { freshDatabaseAndSmtp, sendDeps, sendRequest } from '../helpers/send-deps.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';
import type { TestSmtp } from '../helpers/smtp.js';

const HOUR = 3_600_000;
const T0 = new Date('2024-06-21T07:00:00Z').getTime();

/** At most `cap` of these instants in any hour. */
function mostInAnHour(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let i = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[first] as number) >= HOUR) first++;
    most = Math.max(most, i - first + 1);
  }
  return most;
}

/**
 * The run's clock belongs to the test: it moves only when a worker waits for a cap, and every
 * message the server takes is stamped with it. Before it moves, the messages already handed to
 * SMTP (`sending`) are let arrive: time does not leap while a message is on the wire.
 */
function controlledClock(smtp: TestSmtp, db: Db) {
  let now = T0;
  const stamps: number[] = [];
  smtp.setFault((stage) => {
    if (stage === 'data') stamps.push(now);
    return undefined;
  });
  return {
    stamps,
    clock: () => new Date(now),
    async advanceTo(until: Date) {
      for (let i = 0; i < 500; i++) {
        const inFlight = await db.kysely
          .selectFrom('deliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'sending')
          .executeTakeFirst();
        if (Number(inFlight?.n ?? 0) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      now = Math.max(now, until.getTime());
    },
  };
}

describe.each(databases)('send caps on $name', ({ name, create }) => {
  const fixture = freshDatabaseAndSmtp(create);

  it('an hourly cap of 100: a run of 250 sends 100, is throttled until the window allows, and ends in the third hour', async () => {
    await seedSubscribers(fixture.test.db, 250);
    const time = controlledClock(fixture.smtp, fixture.test.db);
    const seen: { status: string; resumeAt: number | undefined; sent: number }[] = [];
    let deps: SendDeps & { close(): Promise<void> };
    deps = sendDeps(fixture.test, fixture.smtp, {
      caps: { hourly: 100, daily: 0 },
      clock: time.clock,
      wait: async (until) => {
        const [run] = await deps.store.listRuns(1);
        const report = await describeRun(deps.store, run?.id ?? '');
        seen.push({
          status: report?.status ?? '',
          resumeAt: report?.resumeAt?.getTime(),
          sent: report?.counts.sent ?? 0,
        });
        await time.advanceTo(until);
      },
    });
    const [run] = await send(deps, sendRequest);
    expect(run).toMatchObject({ status: 'done', planned: 250, sent: 250 });
    expect(seen.map((s) => [s.status, s.resumeAt])).toEqual([
      ['throttled', T0 + HOUR],
      ['throttled', T0 + 2 * HOUR],
    ]);
    expect(seen[0]?.sent).toBeLessThanOrEqual(100);
    expect(time.stamps.filter((t) => t < T0 + HOUR)).toHaveLength(100);
    expect(time.stamps.filter((t) => t >= T0 + 2 * HOUR)).toHaveLength(50);
    expect(mostInAnHour(time.stamps)).toBe(100);
    expect(fixture.smtp.byMessageId().size).toBe(250);
    await deps.close();
  });

  it.skipIf(name !== 'postgres')(
    'three workers on their own connections share a cap of 20: never 21 in an hour',
    async () => {
      await seedSubscribers(fixture.test.db, 200);
      const time = controlledClock(fixture.smtp, fixture.test.db);
      const options = {
        caps: { hourly: 20, daily: 0 },
        clock: time.clock,
        wait: async (until: Date) => time.advanceTo(until),
        batchSize: 10,
      };
      // Every window opens with all three workers' lanes asking for slots at once.
      const connections = await Promise.all([1, 2].map(() => openDatabase(fixture.test.url)));
      const all = [fixture.test.db, ...connections].map((db) =>
        sendDeps({ ...fixture.test, db }, fixture.smtp, options),
      );
      const [one] = all;
      if (!one) throw new Error('no workers');
      const run = await planRun({
        store: one.store,
        input: { ...sendRequest, now: time.clock(), windowStart: null },
        select: one.select,
        messageDomain: 'example.org',
      });
      await Promise.all(all.map((deps) => resume(deps, run.id)));
      expect(await one.store.getRun(run.id)).toMatchObject({ status: 'done', sent: 200 });
      expect(mostInAnHour(time.stamps)).toBe(20);
      expect(fixture.smtp.received).toHaveLength(200);
      expect(fixture.smtp.byMessageId().size).toBe(200);
      const workers = await fixture.test.db.kysely
        .selectFrom('deliveries')
        .select('claimed_by')
        .distinct()
        .execute();
      expect(workers.length).toBeGreaterThan(1);
      for (const deps of all) await deps.close();
      for (const db of connections) await db.close();
    },
  );
});
