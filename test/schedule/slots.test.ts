import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createSmtpPool } from '../../src/mail/index.js';
import { createScheduler, createSlotSender, type Scheduler } from '../../src/schedule/index.js';
import { createRunner, type Mailer, type SendDeps } from '../../src/send/index.js';
import { createDeliveryStore, createSlotStore } from '../../src/store/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { type TestArticle, testDigest } from '../helpers/send-fixtures.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const logger = createLogger('silent');
const MINUTE = 60_000;

describe.each(databases)('schedule slots on $name', ({ create }) => {
  let test: TestDatabase;
  let smtp: TestSmtp;
  let articles: TestArticle[];
  let clock: Date;
  /** Each message as the mailer took it, with the controlled clock's time then. */
  let sent: { to: string; at: string; messageId: string }[];
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    test = await create();
    smtp = await startSmtp();
    sent = [];
    articles = [
      { id: 'a1', title: 'Harbin', category: 'biz', seenAt: new Date('2024-06-01T00:00:00Z') },
    ];
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await smtp.close();
    await test.drop();
  });

  async function subscriber(id: string, timezone: string | null) {
    const now = Date.now();
    await test.db.kysely
      .insertInto('subscribers')
      .values({
        id,
        email: `${id}@example.org`,
        name: null,
        categories: '[]',
        frequency: 'daily',
        status: 'confirmed',
        timezone,
        created_at: now,
        updated_at: now,
        confirmed_at: now,
      })
      .execute();
  }

  /** A serving process, in process: its own SMTP pool, runner, slot sender and scheduler. */
  function servingProcess(
    options: {
      defaultZone?: string;
      cron?: string;
      catchupHours?: number;
      broken?: boolean;
      beforePlan?: () => Promise<boolean>;
    } = {},
  ) {
    const pool = createSmtpPool({
      url: smtp.url,
      pool: 2,
      from: { address: 'news@example.org' },
      listId: 'Gazette <digest.example.org>',
    });
    const mailer: Mailer = {
      concurrency: pool.concurrency,
      async send(message) {
        sent.push({ to: message.to, at: clock.toISOString(), messageId: message.messageId });
        return pool.send(message);
      },
      close: () => pool.close(),
    };
    closers.push(() => pool.close());
    const abort = new AbortController();
    const store = createDeliveryStore(test.db);
    const slots = createSlotStore(test.db);
    const defaultZone = options.defaultZone ?? 'UTC';
    const sendDeps = async (): Promise<SendDeps> => {
      if (options.broken) throw new Error('templates do not compile');
      return {
        store,
        mailer,
        ...testDigest(() => articles),
        links: (id) => ({
          unsubscribe: `https://news.example.org/u?token=${id}`,
          preferences: `https://news.example.org/p?token=${id}`,
        }),
        messageDomain: 'example.org',
        clock: () => clock,
        signal: abort.signal,
        heartbeatMs: 50,
      };
    };
    const runner = createRunner({
      store,
      sendDeps,
      clock: () => clock,
      logger,
      signal: abort.signal,
    });
    const slotSender = createSlotSender({
      slots,
      runner,
      defaultZone,
      clock: () => clock,
      logger,
      signal: abort.signal,
      pollMs: 10,
      ...(options.beforePlan ? { beforePlan: options.beforePlan } : {}),
    });
    const scheduler = createScheduler({
      crons: { daily: options.cron ?? '0 7 * * *', weekly: '0 7 * * 1' },
      defaultZone,
      catchupHours: options.catchupHours ?? 6,
      subscriberZones: (kind) => slots.subscriberZones(kind),
      runSlot: (slot, zones) => slotSender.runSlot(slot, zones),
      clock: () => clock,
      logger,
    });
    closers.push(async () => scheduler.stop());
    return { scheduler, slotSender, slots, abort };
  }

  /** Drives schedulers minute by minute, as node-cron would fire them, on a controlled clock. */
  async function tick(schedulers: Scheduler[], from: string, to: string, each?: (t: Date) => void) {
    for (let t = Date.parse(from); t <= Date.parse(to); t += MINUTE) {
      clock = new Date(t);
      each?.(clock);
      await Promise.all(schedulers.map((s) => s.fire('daily', clock)));
    }
  }

  it('sends each digest at 07:00 in the subscriber own zone, once, with two processes', async () => {
    await subscriber('shanghai', 'Asia/Shanghai');
    await subscriber('berlin', 'Europe/Berlin');
    await subscriber('newyork', 'America/New_York');
    await subscriber('nozone', null);
    const a = servingProcess();
    const b = servingProcess();
    for (const w of [a, b]) await w.scheduler.refreshZones();
    await tick([a.scheduler, b.scheduler], '2024-06-20T12:00:00Z', '2024-06-23T12:00:00Z', (t) => {
      // A new article between the first and second day's slots; none after that.
      if (t.toISOString() === '2024-06-21T12:00:00.000Z') {
        articles.push({ id: 'a2', title: 'Parks', category: 'biz', seenAt: t });
      }
    });
    const at = (to: string) =>
      sent
        .filter((m) => m.to === `${to}@example.org`)
        .map((m) => m.at)
        .sort();
    // 07:00 local: 23:00 the day before in Shanghai, 05:00 UTC in Berlin (summer), 11:00 UTC in New York.
    expect(at('shanghai')).toEqual(['2024-06-20T23:00:00.000Z', '2024-06-21T23:00:00.000Z']);
    expect(at('berlin')).toEqual(['2024-06-21T05:00:00.000Z', '2024-06-22T05:00:00.000Z']);
    expect(at('newyork')).toEqual(['2024-06-21T11:00:00.000Z', '2024-06-22T11:00:00.000Z']);
    expect(at('nozone')).toEqual(['2024-06-21T07:00:00.000Z', '2024-06-22T07:00:00.000Z']);
    expect(smtp.received).toHaveLength(8);
    expect(smtp.byMessageId().size).toBe(8);
    // One key per distinct instant: four zones on four offsets, three days.
    const rows = await test.db.kysely.selectFrom('schedule_slots').selectAll().execute();
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.run_id)).size).toBe(12);
    expect(new Set(rows.map((r) => r.claimed_by)).size).toBeGreaterThanOrEqual(1);
    // Each slot's run counts its own zone's subscriber only: sent, or skipped with nothing new.
    const runs = await test.db.kysely.selectFrom('send_runs').selectAll().execute();
    expect(runs).toHaveLength(12);
    expect(runs.map((r) => r.planned + r.skipped)).toEqual(runs.map(() => 1));
  });

  it('zones on the same offset share one slot and one run', async () => {
    await subscriber('berlin', 'Europe/Berlin');
    await subscriber('paris', 'Europe/Paris');
    const a = servingProcess();
    await a.scheduler.refreshZones();
    await tick([a.scheduler], '2024-06-21T04:58:00Z', '2024-06-21T05:02:00Z');
    expect(sent.map((m) => m.to).sort()).toEqual(['berlin@example.org', 'paris@example.org']);
    const rows = await test.db.kysely.selectFrom('schedule_slots').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]?.zones ?? '[]').sort()).toEqual(['Europe/Berlin', 'Europe/Paris']);
  });

  it('catches up a slot missed while every process was down, once, and not an older one', async () => {
    await subscriber('one', null);
    const a = servingProcess({ catchupHours: 6 });
    await a.scheduler.refreshZones();
    clock = new Date('2024-06-21T03:00:00Z'); // 07:00 UTC was 20 hours ago: too old
    await a.scheduler.catchUp(clock);
    expect(sent).toHaveLength(0);
    clock = new Date('2024-06-21T10:30:00Z'); // 3.5 hours after 07:00
    await a.scheduler.catchUp(clock);
    expect(sent.map((m) => m.to)).toEqual(['one@example.org']);
    // A second start-up, or a second process, finds the slot recorded.
    const b = servingProcess({ catchupHours: 6 });
    await b.scheduler.refreshZones();
    await Promise.all([a.scheduler.catchUp(clock), b.scheduler.catchUp(clock)]);
    expect(sent).toHaveLength(1);
  });

  it('takes over a slot whose planner died before recording a run', async () => {
    await subscriber('one', null);
    const a = servingProcess();
    clock = new Date('2024-06-21T07:00:00Z');
    await a.slots.claimSlot({ kind: 'daily', at: clock }, ['UTC'], 'dead-planner', clock);
    clock = new Date('2024-06-21T07:05:00Z');
    await a.slotSender.runSlot({ kind: 'daily', at: new Date('2024-06-21T07:00:00Z') }, ['UTC']);
    expect(sent.map((m) => m.to)).toEqual(['one@example.org']);
    const slot = await a.slots.getSlot({ kind: 'daily', at: new Date('2024-06-21T07:00:00Z') });
    expect(slot?.runId).toBeTruthy();
    expect(slot?.claimedBy).toBe(a.slotSender.id);
  });

  it('frees a slot whose planning failed, so another process plans it', async () => {
    await subscriber('one', null);
    const slot = { kind: 'daily' as const, at: new Date('2024-06-21T07:00:00Z') };
    clock = slot.at;
    const broken = servingProcess({ broken: true });
    await expect(broken.slotSender.runSlot(slot, ['UTC'])).rejects.toThrow(/templates/);
    expect(await broken.slots.getSlot(slot)).toBeUndefined();
    const healthy = servingProcess();
    await healthy.slotSender.runSlot(slot, ['UTC']);
    expect(sent.map((m) => m.to)).toEqual(['one@example.org']);
  });

  it('runs the check before planning on the process that won the slot only; a failure frees it', async () => {
    await subscriber('one', null);
    let checks = 0;
    let passing = false;
    const beforePlan = async () => {
      checks++;
      return passing;
    };
    const slot = { kind: 'daily' as const, at: new Date('2024-06-21T07:00:00Z') };
    clock = slot.at;
    const a = servingProcess({ beforePlan });
    const b = servingProcess({ beforePlan });
    await a.slotSender.runSlot(slot, ['UTC']);
    expect(checks).toBe(1);
    expect(sent).toEqual([]);
    expect(await a.slots.getSlot(slot)).toBeUndefined();
    passing = true;
    await Promise.all([a.slotSender.runSlot(slot, ['UTC']), b.slotSender.runSlot(slot, ['UTC'])]);
    expect(checks).toBe(2);
    expect(sent.map((m) => m.to)).toEqual(['one@example.org']);
  });
});
