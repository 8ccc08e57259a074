import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.js';
import {
  type HealthCheck,
  instrumentMailer,
  instrumentStore,
  type Metrics,
  observeRun,
} from '../http/index.js';
import type { Logger } from '../log.js';
import { createMailTransport } from '../mail/index.js';
import { createScheduler, createSendWorker, type Job } from '../schedule/index.js';
import type { SendDeps } from '../send/index.js';
import { createDeliveryStore, createSlotStore, type Db, pingDatabase } from '../store/index.js';
import { checkBeforeScheduledRun } from './pre-send.js';
import { mailerFor, sendDepsFor } from './send-deps.js';

/**
 * The worker half of `gazette serve`: the send worker (scheduled and operator runs) and the
 * scheduler, wired to the store, the mailer and the metrics. `stop` takes no new work, lets
 * in-flight messages finish and be recorded, and gives unsent claims back, so every run is left
 * resumable.
 */
export async function startWorker(options: {
  config: Config;
  db: Db;
  logger: Logger;
  metrics: Metrics;
  jobs: Job[];
}) {
  const { config, db, logger, metrics } = options;
  const abort = new AbortController();
  const clock = () => new Date();
  const mailer = instrumentMailer(await mailerFor(config, logger), metrics);
  const store = instrumentStore(createDeliveryStore(db), metrics);
  const slots = createSlotStore(db);
  // Scheduled and operator runs, and the console's previews, tests and dry runs alike.
  const sendDeps = (extra: Partial<SendDeps> = {}): Promise<SendDeps> =>
    sendDepsFor(config, db, mailer, { store, clock, signal: abort.signal, ...extra });
  const worker = createSendWorker({
    slots,
    store,
    sendDeps,
    defaultZone: config.timezone,
    clock,
    logger,
    signal: abort.signal,
    // Every scheduled run passes the pre-send check first; a failing one sends nothing.
    beforePlan: (slot) =>
      checkBeforeScheduledRun(config, db, logger, {
        kind: 'digest',
        frequency: slot.kind,
        categories: [],
        startedBy: 'schedule',
      }),
    onEvent: (event) => {
      if (event.type === 'slot') metrics.slots.inc({ kind: event.slot.kind, role: event.role });
      else observeRun(metrics, event.run, event.trigger);
    },
  });
  const scheduler = createScheduler({
    crons: { daily: config.dailyCron, weekly: config.weeklyCron },
    defaultZone: config.timezone,
    catchupHours: config.catchupHours,
    subscriberZones: (kind) => slots.subscriberZones(kind),
    runSlot: (slot, zones) => worker.runSlot(slot, zones),
    jobs: options.jobs,
    clock,
    logger,
  });
  return {
    worker,
    scheduler,
    store,
    sendDeps,
    /** Resumes what a crash or a stop left, catches up a missed slot, then follows the crons. */
    start() {
      worker
        .resumeUnfinished()
        .catch((error: unknown) => logger.error({ err: error }, 'resuming unfinished runs failed'));
      scheduler
        .start()
        .catch((error: unknown) => logger.error({ err: error }, 'scheduler failed to start'));
    },
    async stop() {
      scheduler.stop();
      abort.abort();
      await worker.idle();
      await mailer.close();
    },
  };
}

/** `/healthz` beyond the counts: the article folder, the database, and SMTP when configured. */
export function healthChecks(config: Config, db: Db): HealthCheck[] {
  const checks: HealthCheck[] = [
    {
      name: 'articles',
      async check() {
        if (!(await stat(config.articlesDir)).isDirectory())
          throw new Error('the article store is not a folder');
      },
    },
    { name: 'database', check: () => pingDatabase(db) },
  ];
  if (config.smtpUrl) {
    const transport = createMailTransport({
      smtpUrl: config.smtpUrl,
      outboxDir: join(config.dataDir, 'outbox'),
      pool: 1,
    });
    // A probe opens a connection: at most one every few seconds, however often health is asked.
    checks.push({ name: 'smtp', check: cached(() => transport.verify(), 5000) });
  }
  return checks;
}

function cached(probe: () => Promise<void>, ms: number): () => Promise<void> {
  let last: { at: number; result: Promise<void> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at > ms) last = { at: now, result: probe() };
    return last.result;
  };
}
