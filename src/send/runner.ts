import { randomBytes } from 'node:crypto';
import type { Logger } from '../log.js';
import {
  type DeliveryStore,
  type DueSubscriber,
  type Frequency,
  planNewRun,
  planRun,
  type Run,
  type RunAction,
  RunPaused,
  resume,
  retryRun,
  runFinished,
  runInput,
  type SendDeps,
  send as sendRuns,
  sleep,
} from '../send/index.js';
import type { SlotKey, SlotStore } from './ports.js';
import { zoneOf } from './zones.js';

/** Scheduled and operator runs are digest runs alike: one unfinished run per frequency at most. */
export const RUN_KIND = 'digest';

export interface WorkerDeps {
  slots: SlotStore;
  /** Read-only uses (is a run finished?) that need no articles loaded. */
  store: DeliveryStore;
  /** Everything one run needs, wired now: the articles as they are, the mailer, the stop signal. */
  sendDeps(): Promise<SendDeps>;
  defaultZone: string;
  clock: () => Date;
  logger: Logger;
  signal: AbortSignal;
  /**
   * The check before a slot is planned (`gazette doctor`), run by the worker that won the slot
   * only: false sends nothing and frees the slot, as a failed planning does.
   */
  beforePlan?: (slot: SlotKey) => Promise<boolean>;
  /** How long a planner may go silent before another worker takes its slot over. */
  leaseMs?: number;
  /** How often a helper looks for the run of a slot that is being planned. */
  pollMs?: number;
  onEvent?: (event: WorkerEvent) => void;
}

export type WorkerEvent =
  | { type: 'slot'; slot: SlotKey; role: 'planner' | 'helper' }
  /** A run this worker planned has stopped working: done, failed, or stopped to resume later. */
  | { type: 'run'; run: Run; trigger: 'schedule' | 'operator' };

export interface OperatorRequest {
  frequency: Frequency;
  categories: string[];
  dryRun: boolean;
  startedBy: string;
}

export interface SendWorker {
  readonly id: string;
  /** Plans the slot if this worker wins its key, else helps send the winner's run. */
  runSlot(slot: SlotKey, zones: string[]): Promise<void>;
  /** Plans a run now and sends it in the background; a dry run is planned and rendered only. */
  startRun(request: OperatorRequest): Promise<Run>;
  /** Helps every unfinished digest run (a crash or a stop left it) in the background. */
  resumeUnfinished(): Promise<void>;
  /**
   * An operator's resume: lifts a pause and works on the run in the background. False: no such
   * run, or it is finished.
   */
  resumeRun(runId: string): Promise<boolean>;
  /**
   * An operator's retry, in the background: the run's failed deliveries (with `unknown`, also
   * those in doubt) are sent again. Resolves with how many; `RunPaused` on a paused run.
   */
  retryRun(runId: string, options: { unknown: boolean }): Promise<number>;
  /**
   * An operator's button, from the console, the admin API or the CLI: pause (every worker of every
   * process stops), resume, cancel, or retry (`unknown`: also the deliveries in doubt). Resolves
   * with what changed: 1 or 0 runs, or the deliveries a retry sends again.
   */
  controlRun(runId: string, action: RunAction, options?: { unknown: boolean }): Promise<number>;
  /** Resolves once every background run has stopped. */
  idle(): Promise<void>;
}

/** `schedule:daily@2024-06-21T23:00:00.000Z`: a slot's run says which slot it is. */
export function slotTag(slot: SlotKey): string {
  return `schedule:${slot.kind}@${slot.at.toISOString()}`;
}

export function createSendWorker(deps: WorkerDeps): SendWorker {
  const { slots, store, clock, logger, signal } = deps;
  const id = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const leaseMs = deps.leaseMs ?? 60_000;
  const pollMs = deps.pollMs ?? 250;
  const running = new Set<Promise<unknown>>();
  /** Work `idle()` waits for; the caller still sees the result and any error. */
  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    work.then(
      () => running.delete(work),
      () => running.delete(work),
    );
    return work;
  };
  const background = (work: Promise<unknown>, log: Logger) => {
    track(work).catch((error: unknown) => log.error({ err: error }, 'send run failed'));
  };
  /** Runs an operator asked this worker to work on: one job per run at a time. */
  const operatorJobs = new Set<string>();
  const operatorJob = (runId: string, job: () => Promise<Run>) => {
    if (operatorJobs.has(runId)) return;
    operatorJobs.add(runId);
    const work = job()
      .then((done) => deps.onEvent?.({ type: 'run', run: done, trigger: 'operator' }))
      .finally(() => operatorJobs.delete(runId));
    background(work, logger.child({ runId }));
  };

  /** Works on a run until it is done or the worker stops; logs carry the run id. */
  async function send(base: SendDeps, runId: string): Promise<Run> {
    const log = logger.child({ runId });
    const run = await resume(
      {
        ...base,
        onEvent: (event) => {
          base.onEvent?.(event);
          if (event.type === 'paused')
            log.warn(
              { error: event.error, retryInMs: event.retryInMs },
              'SMTP unreachable; paused',
            );
          if (event.type === 'resumed') log.info('SMTP reachable again; sending');
        },
      },
      runId,
    );
    const counts = { status: run.status, sent: run.sent, failed: run.failed, skipped: run.skipped };
    if (run.status === 'done') log.info(counts, 'run finished');
    else log.warn(counts, signal.aborted ? 'run stopped; it resumes later' : 'run not finished');
    return run;
  }

  async function help(runId: string): Promise<void> {
    const run = await store.getRun(runId);
    if (!run || runFinished(run)) return;
    if (run.pausedAt) {
      logger.info({ runId }, 'run paused by an operator; not taking it up');
      return;
    }
    await send(await deps.sendDeps(), runId);
  }

  async function planSlot(slot: SlotKey, zones: string[], log: Logger): Promise<void> {
    const renew = setInterval(
      () => void slots.renewSlot(slot, id, clock()).catch(() => {}),
      Math.max(1000, leaseMs / 3),
    );
    let base: SendDeps;
    let run: Run | undefined;
    try {
      if (deps.beforePlan && !(await deps.beforePlan(slot))) return;
      base = await deps.sendDeps();
      const includes = inZones(zones);
      const tag = slotTag(slot);
      for (let attempt = 0; !run; attempt++) {
        const unfinished = await store.unfinishedRuns(RUN_KIND, slot.kind);
        // A planner that died between planning and recording left its run: adopt it.
        run = unfinished.find((r) => r.startedBy === tag);
        if (run) break;
        // A paused run holds its frequency until an operator resumes or cancels it.
        const paused = unfinished.find((r) => r.pausedAt !== null);
        if (paused) {
          log.warn(
            { pausedRun: paused.id },
            'slot not sent: a paused run of this frequency waits for an operator',
          );
          return;
        }
        // Earlier runs first: their subscribers cannot be planned again while they are unfinished.
        for (const other of unfinished) {
          await send(base, other.id);
          if (signal.aborted) return;
        }
        try {
          run = await planRun({
            store: base.store,
            input: runInput(
              { kind: RUN_KIND, frequency: slot.kind, categories: [], startedBy: tag },
              clock(),
            ),
            select: base.select,
            includes,
            messageDomain: base.messageDomain,
          });
        } catch (error) {
          if (attempt >= 3) throw error;
        }
      }
      await slots.setSlotRun(slot, id, run.id);
    } finally {
      clearInterval(renew);
      // Stopped or failed before the run was recorded: free the key for the next worker (or
      // this one's next start) instead of making it wait out the lease.
      if (!run) await slots.releaseSlot(slot, id).catch(() => {});
    }
    log.info({ runId: run.id, planned: run.planned, zones }, 'slot planned');
    const done = await send(base, run.id);
    deps.onEvent?.({ type: 'run', run: done, trigger: 'schedule' });
  }

  /** The subscribers whose local cron time is this slot: the others are another slot's. */
  function inZones(zones: string[]): (subscriber: DueSubscriber) => boolean {
    const wanted = new Set(zones);
    return (subscriber) => wanted.has(zoneOf(subscriber.timezone, deps.defaultZone));
  }

  async function runSlot(slot: SlotKey, zones: string[]): Promise<void> {
    const log = logger.child({ slot: slotTag(slot) });
    let planner = await slots.claimSlot(slot, zones, id, clock());
    let served = zones;
    for (;;) {
      if (planner) {
        deps.onEvent?.({ type: 'slot', slot, role: 'planner' });
        return planSlot(slot, served, log);
      }
      const row = await slots.getSlot(slot);
      if (!row) {
        planner = await slots.claimSlot(slot, zones, id, clock());
        continue;
      }
      if (row.runId) {
        deps.onEvent?.({ type: 'slot', slot, role: 'helper' });
        return help(row.runId);
      }
      const staleBefore = new Date(clock().getTime() - leaseMs);
      if (row.claimedAt < staleBefore) {
        planner = await slots.takeOverSlot(slot, id, clock(), staleBefore);
        if (planner) log.warn({ deadPlanner: row.claimedBy }, 'slot taken over');
        served = row.zones;
        continue;
      }
      if (signal.aborted) return;
      await sleep(pollMs, signal);
    }
  }

  const worker: SendWorker = {
    id,
    runSlot: (slot, zones) => track(runSlot(slot, zones)),

    async startRun(request) {
      const base = await deps.sendDeps();
      const { dryRun, ...asked } = request;
      if (dryRun) {
        const [planned] = await sendRuns(base, { ...asked, kind: RUN_KIND, dryRun: true });
        if (!planned) throw new Error('a dry run planned nothing');
        return planned;
      }
      const run = await planNewRun(base, runInput({ ...asked, kind: RUN_KIND }, clock()));
      const log = logger.child({ runId: run.id });
      log.info({ planned: run.planned, startedBy: request.startedBy }, 'run planned');
      background(
        send(base, run.id).then((done) =>
          deps.onEvent?.({ type: 'run', run: done, trigger: 'operator' }),
        ),
        log,
      );
      return run;
    },

    async resumeUnfinished() {
      for (const frequency of ['daily', 'weekly'] as const) {
        for (const run of await store.unfinishedRuns(RUN_KIND, frequency)) {
          const log = logger.child({ runId: run.id });
          if (run.pausedAt) {
            log.info('an unfinished run is paused by an operator; leaving it');
            continue;
          }
          log.info({ status: run.status }, 'resuming an unfinished run');
          background(help(run.id), log);
        }
      }
    },

    async resumeRun(runId) {
      const run = await store.getRun(runId);
      if (!run || runFinished(run)) return false;
      await store.unpauseRun(runId);
      logger.info({ runId, wasPaused: run.pausedAt !== null }, 'run resumed by an operator');
      const base = await deps.sendDeps();
      operatorJob(runId, () => send(base, runId));
      return true;
    },

    async retryRun(runId, options) {
      if ((await store.haltOf(runId)) === 'paused') throw new RunPaused(runId);
      const counts = await store.counts(runId);
      const wanted = counts.failed + (options.unknown ? counts.unknown : 0);
      if (wanted === 0) return 0;
      const base = await deps.sendDeps();
      operatorJob(runId, () => retryRun(base, runId, options));
      return wanted;
    },

    async controlRun(runId, action, options = { unknown: false }) {
      switch (action) {
        case 'pause':
          return Number(await store.pauseRun(runId, clock()));
        case 'resume':
          return Number(await worker.resumeRun(runId));
        case 'cancel':
          return Number(await store.cancelRun(runId, clock()));
        case 'retry':
          return worker.retryRun(runId, options);
      }
    },

    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
  return worker;
}
