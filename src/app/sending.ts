import type { Config } from '../config.js';
import { instrumentMailer, instrumentStore, type Metrics, observeRun } from '../http/index.js';
import type { Logger } from '../log.js';
import { createScheduler, createSlotSender, type Job } from '../schedule/index.js';
import { createRunner, RUN_KIND, type SendDeps } from '../send/index.js';
import { createDeliveryStore, createSlotStore, type Db } from '../store/index.js';
import { mailerFor } from './mailer.js';
import { checkBeforeScheduledRun } from './pre-send.js';
import { sendDepsFor } from './send-deps.js';

/**
 * The sending half of `gazette serve`: the runner (scheduled and operator runs alike), the slot
 * sender and the scheduler that feeds it, wired to the store, the mailer and the metrics. `stop`
 * takes no new work, lets in-flight messages finish and be recorded, and gives unsent claims
 * back, so every run is left resumable.
 */
export async function createSending(options: {
  config: Config;
  db: Db;
  logger: Logger;
  metrics: Metrics;
  jobs: Job[];
}) {
  const { config, db, logger, metrics } = options;
  const abort = new AbortController();
  const clock = () => new Date();
  const mailer = instrumentMailer(await mailerFor(config), metrics);
  const store = instrumentStore(createDeliveryStore(db), metrics);
  const slots = createSlotStore(db);
  // Scheduled and operator runs, and the console's previews, tests and dry runs alike.
  const sendDeps = (extra: Partial<SendDeps> = {}): Promise<SendDeps> =>
    sendDepsFor(config, db, mailer, { store, clock, signal: abort.signal, ...extra });
  const runner = createRunner({
    store,
    sendDeps,
    clock,
    logger,
    signal: abort.signal,
    onRun: (run, trigger) => observeRun(metrics, run, trigger),
  });
  const slotSender = createSlotSender({
    slots,
    runner,
    defaultZone: config.timezone,
    clock,
    logger,
    signal: abort.signal,
    // Every scheduled run passes the pre-send check first; a failing one sends nothing.
    beforePlan: (slot) =>
      checkBeforeScheduledRun(config, db, logger, {
        kind: RUN_KIND,
        frequency: slot.kind,
        categories: [],
        startedBy: 'schedule',
      }),
    onSlot: (slot, role) => metrics.slots.inc({ kind: slot.kind, role }),
  });
  const scheduler = createScheduler({
    crons: { daily: config.dailyCron, weekly: config.weeklyCron },
    defaultZone: config.timezone,
    catchupHours: config.catchupHours,
    subscriberZones: (kind) => slots.subscriberZones(kind),
    runSlot: (slot, zones) => slotSender.runSlot(slot, zones),
    jobs: options.jobs,
    clock,
    logger,
  });
  return {
    runner,
    scheduler,
    store,
    sendDeps,
    /** Resumes what a crash or a stop left, catches up a missed slot, then follows the crons. */
    start() {
      runner
        .resumeUnfinished()
        .catch((error: unknown) => logger.error({ err: error }, 'resuming unfinished runs failed'));
      scheduler
        .start()
        .catch((error: unknown) => logger.error({ err: error }, 'scheduler failed to start'));
    },
    async stop() {
      scheduler.stop();
      abort.abort();
      await slotSender.idle();
      await runner.idle();
      await mailer.close();
    },
  };
}
