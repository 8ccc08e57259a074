import { randomBytes } from 'node:crypto';
import {
  type DeliveryCounts,
  type Run,
  type RunAction,
  type RunLedger,
  runFinished,
  runTotals,
  type SendDeps,
  send,
} from '../send/index.js';
import type { Progress, RunWorker, SendChoice } from './types.js';

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

/** A worker whose heartbeat is older than this is not counted as on the run. */
const LIVE_WORKER_MS = 10_000;

/**
 * The run buttons and progress. Real runs are worked on by the serving process's send worker (the
 * one behind `POST /admin/sends`); pause and cancel are written to the store, where every worker
 * of every process sees them. Dry runs write nothing, so their progress lives here.
 */
export function createRunRegistry(options: {
  store: Pick<RunLedger, 'getRun' | 'counts'>;
  worker: RunWorker;
  liveWorkers: (runId: string, since: Date) => Promise<number>;
  clock: () => Date;
}) {
  const { store, worker, clock } = options;
  const dryRuns = new Map<string, DryRun>();

  /** The same call as the admin API's and `gazette runs`: one mapping of the four buttons. */
  const control = (runId: string, action: RunAction) => worker.controlRun(runId, action);

  /** Plans in the background, counting subscribers as it goes; renders each digest, sends none. */
  async function startDryRun(choice: SendChoice, total: number, deps: SendDeps): Promise<string> {
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
    // Planning goes through the subscribers of the frequency one by one: that moves the bar.
    const counting: SendDeps = {
      ...deps,
      onPlanning: (visited) => {
        dry.visited = visited;
      },
    };
    void send(counting, { kind: 'digest', ...choice, startedBy: 'console', dryRun: true })
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
        workers: finished ? 0 : 1,
        finished,
      };
    }
    const run = await store.getRun(runId);
    if (!run) return undefined;
    const c = await store.counts(runId);
    const workers = run.finishedAt
      ? 0
      : await options.liveWorkers(runId, new Date(clock().getTime() - LIVE_WORKER_MS));
    return progressOf(run, c, workers);
  }

  return {
    control,
    startDryRun,
    progress,
    dryRuns: () => [...dryRuns.values()].reverse(),
  };
}

export type RunRegistry = ReturnType<typeof createRunRegistry>;

function progressOf(run: Run, c: DeliveryCounts, workers: number): Progress {
  const totals = runTotals(run, c);
  return {
    id: run.id,
    status: run.status,
    dryRun: false,
    total: run.planned,
    // Toward the planned count: every delivery with an outcome, skips at send time included.
    done: totals.sent + totals.failed + c.skipped,
    sent: totals.sent,
    failed: totals.failed,
    skipped: totals.skipped,
    pending: totals.pending,
    inFlight: totals.inFlight,
    wouldSend: 0,
    paused: run.pausedAt !== null,
    workers,
    finished: runFinished(run),
  };
}
