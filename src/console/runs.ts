import { randomBytes } from 'node:crypto';
import type { Logger } from '../log.js';
import {
  type DeliveryStore,
  type Run,
  resume,
  retryRun,
  type SendDeps,
  send,
} from '../send/index.js';
import { cancelRun, type Db } from '../store/index.js';
import type { Progress, RunControl, SendChoice } from './types.js';

/** A dry run writes nothing to the store, so its progress lives here, in the serving process. */
interface DryRun {
  id: string;
  choice: SendChoice;
  status: 'sending' | 'done' | 'failed';
  total: number;
  visited: number;
  planned: number;
  skipped: number;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

const DRY_RUNS_KEPT = 50;

/**
 * The runs this process works on: workers started from the console (each with its abort switch,
 * so pause and cancel can stop them) and dry runs. Runs started elsewhere (the CLI, another
 * worker) are read from the store; pause only stops this process's share of the work.
 */
export function createRunRegistry(options: {
  db: Db;
  store: DeliveryStore;
  sendDeps: (extra: Partial<SendDeps>) => Promise<SendDeps>;
  logger: Logger;
  clock: () => Date;
}) {
  const { db, logger, clock } = options;
  const workers = new Map<string, { abort: AbortController; done: Promise<void> }>();
  const dryRuns = new Map<string, DryRun>();

  /** Works on a run in the background until it is done, paused or cancelled. */
  /** Works on a run in the background (resume by default), one job per run at a time. */
  async function work(
    runId: string,
    job: (deps: SendDeps, runId: string) => Promise<unknown> = resume,
  ): Promise<void> {
    if (workers.has(runId)) return;
    const abort = new AbortController();
    const deps = await options.sendDeps({ signal: abort.signal });
    const done = job(deps, runId).then(
      () => undefined,
      (error: unknown) => logger.error({ err: error, runId }, 'console: send run failed'),
    );
    workers.set(runId, { abort, done: done.finally(() => workers.delete(runId)) });
  }

  async function stop(runId: string): Promise<boolean> {
    const worker = workers.get(runId);
    if (!worker) return false;
    worker.abort.abort();
    await worker.done;
    return true;
  }

  const control: RunControl = {
    pause: (runId) => stop(runId),
    async resume(runId) {
      const run = await options.store.getRun(runId);
      if (!run || run.status === 'done' || run.status === 'cancelled') return false;
      await work(runId);
      return true;
    },
    async cancel(runId) {
      const cancelled = await cancelRun(db, runId, clock());
      await stop(runId);
      return cancelled;
    },
    // The same domain call as `gazette runs retry`: failed deliveries only, never a sent one.
    async retryFailed(runId) {
      const failed = (await options.store.counts(runId)).failed;
      if (failed === 0 || workers.has(runId)) return 0;
      await work(runId, (deps, id) => retryRun(deps, id, { unknown: false }));
      return failed;
    },
  };

  /** Plans in the background, counting subscribers as it goes; renders each digest, sends none. */
  async function startDryRun(choice: SendChoice, total: number): Promise<string> {
    const id = `dry-${clock().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
    const dry: DryRun = {
      id,
      choice,
      status: 'sending',
      total,
      visited: 0,
      planned: 0,
      skipped: 0,
      error: null,
      startedAt: clock(),
      finishedAt: null,
    };
    dryRuns.set(id, dry);
    for (const old of [...dryRuns.keys()].slice(0, Math.max(0, dryRuns.size - DRY_RUNS_KEPT)))
      dryRuns.delete(old);
    const deps = await options.sendDeps({});
    // The store calls `choose` once per subscriber of the frequency: counting there moves the bar.
    const store = {
      ...deps.store,
      planRun: ((input, choose, opts) =>
        deps.store.planRun(
          input,
          async (subscriber) => {
            const content = await choose(subscriber);
            dry.visited++;
            return content;
          },
          opts,
        )) as SendDeps['store']['planRun'],
    };
    void send({ ...deps, store }, { kind: 'digest', ...choice, startedBy: 'console', dryRun: true })
      .then(([run]) => {
        dry.planned = run?.planned ?? 0;
        dry.skipped = run?.skipped ?? 0;
        dry.total = dry.visited;
        dry.status = 'done';
      })
      .catch((error: unknown) => {
        dry.status = 'failed';
        dry.error = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        dry.finishedAt = clock();
      });
    return id;
  }

  async function progress(runId: string): Promise<Progress | undefined> {
    const dry = dryRuns.get(runId);
    if (dry) {
      const finished = dry.status !== 'sending';
      return {
        id: dry.id,
        status: dry.status,
        dryRun: true,
        total: Math.max(dry.total, dry.visited),
        done: finished ? Math.max(dry.total, dry.visited) : dry.visited,
        sent: 0,
        failed: 0,
        skipped: dry.skipped,
        pending: 0,
        inFlight: 0,
        wouldSend: dry.planned,
        paused: false,
        finished,
      };
    }
    const run = await options.store.getRun(runId);
    if (!run) return undefined;
    const c = await options.store.counts(runId);
    const counts = {
      pending: c.queued + c.claimed + c.deferred + c.unknown,
      sending: c.sending,
      sent: c.sent,
      failed: c.failed + c.bounced,
      skipped: c.skipped,
    };
    return progressOf(run, counts, workers.has(runId));
  }

  return {
    control,
    work,
    startDryRun,
    progress,
    dryRun: (id: string) => dryRuns.get(id),
    dryRuns: () => [...dryRuns.values()].reverse(),
    /** Stops every worker of this process (the server is stopping); runs stay resumable. */
    async close() {
      await Promise.all([...workers.keys()].map(stop));
    },
  };
}

export type RunRegistry = ReturnType<typeof createRunRegistry>;

function progressOf(
  run: Run,
  c: { pending: number; sending: number; sent: number; failed: number; skipped: number },
  working: boolean,
): Progress {
  const finished = run.status === 'done' || run.status === 'cancelled';
  return {
    id: run.id,
    status: run.status,
    dryRun: false,
    total: run.planned,
    done: c.sent + c.failed + c.skipped,
    sent: c.sent,
    failed: c.failed,
    skipped: run.finishedAt ? run.skipped : run.skipped + c.skipped,
    pending: c.pending,
    inFlight: c.sending,
    wouldSend: 0,
    paused: !finished && !working && run.status !== 'failed',
    finished,
  };
}
