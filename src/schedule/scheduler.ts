import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../log.js';
import { type CronMatcher, parseCron } from './cron-slots.js';
import type { ScheduleKind, SlotKey } from './ports.js';
import { latestSlots, scheduleZones, slotInstant, zonesAt } from './zones.js';

/** A periodic job that is not a digest slot (the feed rebuild safety net). */
export interface Job {
  name: string;
  cron: string;
  run(): Promise<void>;
}

export interface SchedulerOptions {
  crons: Record<ScheduleKind, string>;
  /** `GAZETTE_TIMEZONE`: the zone of subscribers who have none. */
  defaultZone: string;
  catchupHours: number;
  /** The zones confirmed subscribers of a frequency have chosen. */
  subscriberZones(kind: ScheduleKind): Promise<string[]>;
  /** Plans or helps the slot (see `SlotSender.runSlot`). */
  runSlot(slot: SlotKey, zones: string[]): Promise<void>;
  jobs?: Job[];
  clock: () => Date;
  logger: Logger;
  /** How often the set of subscriber zones is read again; a node-cron expression. */
  zoneRefreshCron?: string;
}

export interface Scheduler {
  /** Catches up missed slots, then starts the cron tasks. */
  start(): Promise<void>;
  /** The latest slot of each zone within the catch-up window, sent unless already recorded. */
  catchUp(now: Date): Promise<void>;
  /** A firing for `kind` at `at`: runs the slot of every zone whose cron time `at` is. */
  fire(kind: ScheduleKind, at: Date): Promise<void>;
  refreshZones(): Promise<void>;
  /** No new work: every task stops. Work under way is the runner's to stop. */
  stop(): void;
}

const KINDS: ScheduleKind[] = ['daily', 'weekly'];

/**
 * node-cron fires the slots: one task per kind and zone, in that zone, with `noOverlap` so a slot
 * still sending when the next comes makes node-cron skip the next (its articles go in the one
 * after) rather than pile up. Tasks of zones on the same offset fire together; in process they
 * share one promise, across processes the slot's key in the store decides.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { logger, clock } = options;
  const matchers: Record<ScheduleKind, CronMatcher> = {
    daily: parseCron(options.crons.daily),
    weekly: parseCron(options.crons.weekly),
  };
  const zones: Record<ScheduleKind, string[]> = {
    daily: [options.defaultZone],
    weekly: [options.defaultZone],
  };
  const tasks = new Map<string, ScheduledTask>();
  const firing = new Map<string, Promise<void>>();
  let started = false;
  let stopped = false;

  function runSlot(slot: SlotKey, served: string[]): Promise<void> {
    const key = `${slot.kind}@${slot.at.getTime()}`;
    let work = firing.get(key);
    if (!work) {
      work = options
        .runSlot(slot, served)
        .catch((error: unknown) =>
          logger.error({ err: error, slot: key, kind: slot.kind }, 'schedule slot failed'),
        )
        .finally(() => firing.delete(key));
      firing.set(key, work);
    }
    return work;
  }

  async function fire(kind: ScheduleKind, firedAt: Date): Promise<void> {
    if (stopped) return;
    const at = slotInstant(matchers[kind], firedAt);
    const served = zonesAt(matchers[kind], zones[kind], at);
    if (served.length > 0) await runSlot({ kind, at }, served);
  }

  function schedule(
    name: string,
    expression: string,
    timezone: string,
    run: (at: Date) => Promise<void>,
  ) {
    const task = cron.schedule(expression, (context) => run(context.date), {
      name,
      timezone,
      noOverlap: true,
    });
    // A firing the event loop was too busy to make still counts: its slot key keeps it single.
    task.on('execution:missed', (context) => void run(context.date));
    tasks.set(name, task);
  }

  function syncTasks(): void {
    if (!started || stopped) return;
    for (const kind of KINDS) {
      const wanted = new Set(zones[kind].map((zone) => `${kind}|${zone}`));
      for (const [name, task] of tasks) {
        if (name.startsWith(`${kind}|`) && !wanted.has(name)) {
          void task.destroy();
          tasks.delete(name);
        }
      }
      for (const zone of zones[kind]) {
        const name = `${kind}|${zone}`;
        if (tasks.has(name)) continue;
        // The task's execution lasts as long as its slot's work, so `noOverlap` sees a slow slot.
        schedule(name, options.crons[kind], zone, (at) => fire(kind, at));
      }
    }
  }

  async function refreshZones(): Promise<void> {
    for (const kind of KINDS) {
      zones[kind] = scheduleZones(options.defaultZone, await options.subscriberZones(kind));
    }
    syncTasks();
  }

  return {
    async start() {
      await refreshZones();
      started = true;
      if (stopped) return;
      syncTasks();
      schedule('zones', options.zoneRefreshCron ?? '* * * * *', 'UTC', () =>
        refreshZones().catch((error: unknown) =>
          logger.warn({ err: error }, 'reading subscriber time zones failed'),
        ),
      );
      for (const job of options.jobs ?? []) {
        schedule(`job|${job.name}`, job.cron, options.defaultZone, () =>
          job
            .run()
            .catch((error: unknown) => logger.error({ err: error, job: job.name }, 'job failed')),
        );
      }
      logger.info(
        { crons: options.crons, zones: zones.daily.length, catchupHours: options.catchupHours },
        'scheduler started',
      );
      // After the tasks: a long catch-up must not hold back the next slot. A firing of the same
      // slot meanwhile shares the catch-up's work (one promise per key).
      await this.catchUp(clock());
    },

    async catchUp(now) {
      const lookbackMs = options.catchupHours * 3_600_000;
      if (lookbackMs <= 0) return;
      const missed: Promise<void>[] = [];
      for (const kind of KINDS) {
        for (const slot of latestSlots(matchers[kind], zones[kind], now, lookbackMs)) {
          logger.info({ kind, slot: slot.at.toISOString() }, 'catching up a slot');
          missed.push(runSlot({ kind, at: slot.at }, slot.zones));
        }
      }
      await Promise.all(missed);
    },

    fire,
    refreshZones,

    stop() {
      stopped = true;
      for (const task of tasks.values()) void task.destroy();
      tasks.clear();
    },
  };
}
