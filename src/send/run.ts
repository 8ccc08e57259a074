import { createComposer } from './compose.js';
import { planRun } from './plan.js';
import type {
  BounceAddress,
  DeliveryStore,
  FeedbackIdFor,
  LinksFor,
  Mailer,
  RenderDigest,
  SelectDigest,
} from './ports.js';
import type { RetryPolicy } from './retry.js';
import type { ClaimSource, Frequency, Run, RunInput, SendCaps } from './types.js';
import { runWorker, type SendEvent, type WorkerOptions } from './worker.js';

export interface SendDeps {
  store: DeliveryStore;
  mailer: Mailer;
  select: SelectDigest;
  render: RenderDigest;
  links: LinksFor;
  /** Per-delivery envelope senders (bounce addresses); unset: the mailer's own. */
  bounceAddress?: BounceAddress;
  /** Each run's `Feedback-ID` header; unset: none. */
  feedbackId?: FeedbackIdFor;
  /** For Message-IDs. */
  messageDomain: string;
  clock: () => Date;
  /** Waits until `clock()` reads a time (throttles, deferrals); tests pass one that moves it. */
  wait?: (until: Date, signal?: AbortSignal) => Promise<void>;
  /** Rolling caps over every worker (`GAZETTE_SEND_HOURLY_CAP`, `..._DAILY_CAP`). */
  caps?: SendCaps;
  /** Messages per second at most (`GAZETTE_SEND_RATE`); 0: none. */
  rate?: number;
  /** Lower the rate when the server says to slow down (default on). */
  adaptive?: boolean;
  onEvent?: (event: SendEvent & { runId: string }) => void;
  signal?: AbortSignal;
  retry?: RetryPolicy;
  batchSize?: number;
  heartbeatMs?: number;
  deadAfterMs?: number;
}

export interface SendRequest {
  kind: string;
  frequency: Frequency;
  categories: string[];
  startedBy: string;
  dryRun?: boolean;
}

const PERIOD_MS: Record<Frequency, number> = { daily: 86_400_000, weekly: 7 * 86_400_000 };

export class RunInProgress extends Error {
  constructor(
    readonly runId: string,
    readonly paused = false,
  ) {
    super(
      paused
        ? `send run ${runId} of this kind is paused; resume it (gazette runs resume ${runId}) or cancel it (gazette runs cancel ${runId}) first`
        : `send run ${runId} of this kind is already unfinished; resume it`,
    );
    this.name = 'RunInProgress';
  }
}

/** An operator paused the run: only an operator's resume (or cancel) moves it on. */
export class RunPaused extends Error {
  constructor(readonly runId: string) {
    super(`send run ${runId} is paused; resume it first`);
    this.name = 'RunPaused';
  }
}

/**
 * A send: first every unfinished run of the same kind and frequency (a crash left it), then a
 * newly planned one. Returns the runs worked on, last the new one.
 */
export async function send(deps: SendDeps, request: SendRequest): Promise<Run[]> {
  const composer = composerFor(deps);
  const input = runInput(request, deps.clock());
  if (request.dryRun) {
    return [
      await planRun({
        store: deps.store,
        input,
        select: deps.select,
        messageDomain: deps.messageDomain,
        dryRun: { composer },
      }),
    ];
  }
  const runs: Run[] = [];
  const unfinishedRuns = await deps.store.unfinishedRuns(request.kind, request.frequency);
  // A paused run waits for its operator; a new run would be refused while it is unfinished.
  const paused = unfinishedRuns.find((run) => run.pausedAt !== null);
  if (paused) throw new RunInProgress(paused.id, true);
  for (const unfinished of unfinishedRuns) {
    runs.push(await resume(deps, unfinished.id));
    if (deps.signal?.aborted) return runs;
  }
  const planned = await planNewRun(deps, { ...input, now: deps.clock() });
  runs.push(await resume(deps, planned.id));
  return runs;
}

/** What a run of `request` planned `now` covers: the digest period before it. */
export function runInput(request: Omit<SendRequest, 'dryRun'>, now: Date): RunInput {
  const { kind, frequency, categories, startedBy } = request;
  const windowStart = new Date(now.getTime() - PERIOD_MS[frequency]);
  return { kind, frequency, categories, startedBy, now, windowStart };
}

/**
 * Plans a new run. Another unfinished run of the same kind and frequency (planned meanwhile by
 * another process) makes it `RunInProgress`.
 */
export async function planNewRun(deps: SendDeps, input: RunInput): Promise<Run> {
  try {
    return await planRun({
      store: deps.store,
      input,
      select: deps.select,
      messageDomain: deps.messageDomain,
    });
  } catch (error) {
    const [other] = await deps.store.unfinishedRuns(input.kind, input.frequency);
    if (other) throw new RunInProgress(other.id, other.pausedAt !== null);
    throw error;
  }
}

/**
 * Works on one run until it is done (joining any other live workers), then returns it. A paused
 * run is left as it is: see `resumePaused` for an operator's resume.
 */
export async function resume(deps: SendDeps, runId: string): Promise<Run> {
  await deps.store.startRun(runId, deps.clock());
  await runWorker(workerOptions(deps, runId));
  return runOf(deps, runId);
}

/** An operator's resume: lifts a pause (every worker may take the run up again), then works. */
export async function resumePaused(deps: SendDeps, runId: string): Promise<Run> {
  await deps.store.unpauseRun(runId);
  return resume(deps, runId);
}

/**
 * An operator's retry: re-sends the run's failed deliveries, and with `unknown` those that were
 * in flight when a process died. Never a sent one, nor the run's other work.
 */
export async function retryRun(
  deps: SendDeps,
  runId: string,
  options: { unknown: boolean },
): Promise<Run> {
  const sources: ClaimSource[] = options.unknown ? ['failed', 'unknown'] : ['failed'];
  if ((await deps.store.haltOf(runId)) === 'paused') throw new RunPaused(runId);
  await deps.store.startRun(runId, deps.clock());
  await runWorker({ ...workerOptions(deps, runId), sources });
  const run = await runOf(deps, runId);
  // The run's own work is not done by a retry: leave it for `runs resume` as it was.
  if (run.status === 'sending') await deps.store.finishRun(runId, deps.clock());
  return runOf(deps, runId);
}

function workerOptions(deps: SendDeps, runId: string): WorkerOptions {
  return {
    store: deps.store,
    mailer: deps.mailer,
    composer: composerFor(deps),
    runId,
    clock: deps.clock,
    ...(deps.wait ? { wait: deps.wait } : {}),
    ...(deps.caps ? { caps: deps.caps } : {}),
    ...(deps.rate !== undefined ? { rate: deps.rate } : {}),
    ...(deps.adaptive !== undefined ? { adaptive: deps.adaptive } : {}),
    ...(deps.batchSize ? { batchSize: deps.batchSize } : {}),
    ...(deps.heartbeatMs ? { heartbeatMs: deps.heartbeatMs } : {}),
    ...(deps.deadAfterMs ? { deadAfterMs: deps.deadAfterMs } : {}),
    ...(deps.retry ? { retry: deps.retry } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
    onEvent: (event) => deps.onEvent?.({ ...event, runId }),
  };
}

async function runOf(deps: SendDeps, runId: string): Promise<Run> {
  const run = await deps.store.getRun(runId);
  if (!run) throw new Error(`send run ${runId} vanished`);
  return run;
}

function composerFor(deps: SendDeps) {
  return createComposer({
    render: deps.render,
    links: deps.links,
    ...(deps.bounceAddress ? { bounceAddress: deps.bounceAddress } : {}),
    ...(deps.feedbackId ? { feedbackId: deps.feedbackId } : {}),
  });
}
