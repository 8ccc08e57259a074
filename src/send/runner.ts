import type { Logger } from '../log.js';
import { RunPaused } from './errors.js';
import type { DeliveryStore } from './ports.js';
import {
  planNewRun,
  resume,
  retryRun,
  runInput,
  type SendDeps,
  type SendRequest,
  send,
} from './run.js';
import { type Frequency, RUN_KIND, type Run, type RunAction, runFinished } from './types.js';

export interface RunnerDeps {
  /** Read-only uses (is a run finished?) and operators' writes, needing no articles loaded. */
  store: DeliveryStore;
  /** Everything one run needs, wired now: the articles as they are, the mailer, the stop signal. */
  sendDeps(): Promise<SendDeps>;
  clock: () => Date;
  logger: Logger;
  signal: AbortSignal;
  /** A run this process planned has stopped working: done, failed, or stopped to resume later. */
  onRun?: (run: Run, trigger: 'schedule' | 'operator') => void;
}

export interface OperatorRequest {
  frequency: Frequency;
  categories: string[];
  dryRun: boolean;
  startedBy: string;
}

/** A schedule slot's send: its frequency, its tag, and the subscribers of its zones. */
export type ScheduledRequest = Pick<SendRequest, 'frequency' | 'startedBy' | 'includes'>;

/**
 * The runs of one process, whoever asked for them (the schedule, the admin API, the console):
 * each worked on in the background until it is done or the process stops, and stopped together.
 */
export interface Runner {
  /**
   * A slot's run (`send` with a paused run refusing it as `RunInProgress`), adopting one its tag
   * names. `record` is given the run before any of it is sent. Resolves once the run stops.
   */
  sendScheduled(request: ScheduledRequest, record: (run: Run) => Promise<void>): Promise<void>;
  /** Helps send a run another process planned, unless it is finished or paused. */
  join(runId: string): Promise<void>;
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

export function createRunner(deps: RunnerDeps): Runner {
  const { store, clock, logger, signal } = deps;
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
  /** Runs an operator asked this process to work on: one job per run at a time. */
  const operatorJobs = new Set<string>();
  const operatorJob = (runId: string, job: () => Promise<Run>) => {
    if (operatorJobs.has(runId)) return;
    operatorJobs.add(runId);
    const work = job()
      .then((done) => deps.onRun?.(done, 'operator'))
      .finally(() => operatorJobs.delete(runId));
    background(work, logger.child({ runId }));
  };

  /** Works on a run until it is done or the process stops; logs carry the run id. */
  async function work(base: SendDeps, runId: string): Promise<Run> {
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

  async function join(runId: string): Promise<void> {
    const run = await store.getRun(runId);
    if (!run || runFinished(run)) return;
    if (run.pausedAt) {
      logger.info({ runId }, 'run paused by an operator; not taking it up');
      return;
    }
    await work(await deps.sendDeps(), runId);
  }

  async function sendScheduled(
    request: ScheduledRequest,
    record: (run: Run) => Promise<void>,
  ): Promise<void> {
    const base = await deps.sendDeps();
    let planned: Run | undefined;
    const runs = await send(
      base,
      { kind: RUN_KIND, categories: [], ...request },
      {
        work: (runId) => work(base, runId),
        adopt: true,
        // Another process may plan the frequency's run meanwhile: send it, then plan again.
        replans: 3,
        planned: async (run) => {
          planned = run;
          await record(run);
        },
      },
    );
    const done = runs.at(-1);
    if (planned && done?.id === planned.id) deps.onRun?.(done, 'schedule');
  }

  const runner: Runner = {
    sendScheduled: (request, record) => track(sendScheduled(request, record)),
    join: (runId) => track(join(runId)),

    async startRun(request) {
      const base = await deps.sendDeps();
      const { dryRun, ...asked } = request;
      if (dryRun) {
        const [planned] = await send(base, { ...asked, kind: RUN_KIND, dryRun: true });
        if (!planned) throw new Error('a dry run planned nothing');
        return planned;
      }
      const run = await planNewRun(base, runInput({ ...asked, kind: RUN_KIND }, clock()));
      const log = logger.child({ runId: run.id });
      log.info({ planned: run.planned, startedBy: request.startedBy }, 'run planned');
      background(
        work(base, run.id).then((done) => deps.onRun?.(done, 'operator')),
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
          background(join(run.id), log);
        }
      }
    },

    async resumeRun(runId) {
      const run = await store.getRun(runId);
      if (!run || runFinished(run)) return false;
      await store.unpauseRun(runId);
      logger.info({ runId, wasPaused: run.pausedAt !== null }, 'run resumed by an operator');
      const base = await deps.sendDeps();
      operatorJob(runId, () => work(base, runId));
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
          return Number(await runner.resumeRun(runId));
        case 'cancel':
          return Number(await store.cancelRun(runId, clock()));
        case 'retry':
          return runner.retryRun(runId, options);
      }
    },

    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
  return runner;
}
