import { createComposer } from './compose.js';
import { RunInProgress, RunPaused } from './errors.js';
import { planRun } from './plan.js';
import type {
  BounceAddress,
  DeliveryStore,
  FeedbackIdFor,
  LinksFor,
  Mailer,
  RenderDigest,
  SelectDigest,
  SendLogger,
} from './ports.js';
import type { RetryPolicy } from './retry.js';
import type {
  ClaimSource,
  DigestContent,
  DueSubscriber,
  Frequency,
  Run,
  RunInput,
  SendCaps,
} from './types.js';
import { runWorker, type SendEvent, type WorkerOptions } from './worker.js';

export interface SendDeps {
  store: DeliveryStore;
  mailer: Mailer;
  select: SelectDigest;
  render: RenderDigest;
  /**
   * Keeps a digest's web view (`/digests/{id}`) before a message linking to it goes out. Only
   * real sends call it: a dry run or a preview stores nothing.
   */
  keepWebView?: (content: DigestContent) => Promise<void>;
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
  /** How many subscribers of the frequency planning has gone through (a dry run's progress). */
  onPlanning?: (visited: number) => void;
  /** Where failures a worker gets over (a heartbeat, a sweep) are reported. */
  logger?: SendLogger;
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
  /** The subscribers the run is for (a schedule slot's time zones); default: every one due. */
  includes?: (subscriber: DueSubscriber) => boolean;
}

/** How a send goes about its runs; the runner (`runner.ts`) logs each and records a slot's. */
export interface SendSteps {
  /** Works on one run until it stops; default `resume`. */
  work?: (runId: string) => Promise<Run>;
  /**
   * An unfinished run with the request's `startedBy` is this send's own, planned by a process
   * that died before working on it: it is taken up instead of planning another.
   */
  adopt?: boolean;
  /**
   * Plans again, this many times, after a planning that failed: another process may have planned
   * meanwhile, and its run is then worked on first.
   */
  replans?: number;
  /** The run is planned (or adopted): called before any of it is sent. */
  planned?: (run: Run) => Promise<void>;
}

const PERIOD_MS: Record<Frequency, number> = { daily: 86_400_000, weekly: 7 * 86_400_000 };

/**
 * A send: first every unfinished run of the same kind and frequency (a crash left it), then a
 * newly planned one. Returns the runs worked on, last the new one. A paused run of the kind
 * stops it (`RunInProgress`): only its operator moves it on.
 */
export async function send(
  deps: SendDeps,
  request: SendRequest,
  steps: SendSteps = {},
): Promise<Run[]> {
  const input = runInput(request, deps.clock());
  if (request.dryRun) {
    return [
      await planRun({
        store: deps.store,
        input,
        select: deps.select,
        messageDomain: deps.messageDomain,
        ...(request.includes ? { includes: request.includes } : {}),
        dryRun: { composer: composerFor(deps, { sending: false }) },
        ...(deps.onPlanning ? { onProgress: deps.onPlanning } : {}),
      }),
    ];
  }
  const work = steps.work ?? ((runId: string) => resume(deps, runId));
  const runs: Run[] = [];
  let run: Run | undefined;
  for (let attempt = 0; !run; attempt++) {
    const unfinished = await deps.store.unfinishedRuns(request.kind, request.frequency);
    run = steps.adopt ? unfinished.find((r) => r.startedBy === request.startedBy) : undefined;
    if (run) break;
    // A paused run waits for its operator; a new run would be refused while it is unfinished.
    const paused = unfinished.find((r) => r.pausedAt !== null);
    if (paused) throw new RunInProgress(paused.id, true);
    // Earlier runs first: their subscribers cannot be planned again while they are unfinished.
    for (const other of unfinished) {
      runs.push(await work(other.id));
      if (deps.signal?.aborted) return runs;
    }
    try {
      run = await planNewRun(deps, { ...input, now: deps.clock() }, request.includes);
    } catch (error) {
      if (attempt >= (steps.replans ?? 0)) throw error;
    }
  }
  await steps.planned?.(run);
  runs.push(await work(run.id));
  return runs;
}

/** What a run of `request` planned `now` covers: the digest period before it. */
export function runInput(request: Omit<SendRequest, 'dryRun' | 'includes'>, now: Date): RunInput {
  const { kind, frequency, categories, startedBy } = request;
  const windowStart = new Date(now.getTime() - PERIOD_MS[frequency]);
  return { kind, frequency, categories, startedBy, now, windowStart };
}

/**
 * Plans a new run. Another unfinished run of the same kind and frequency (planned meanwhile by
 * another process) makes it `RunInProgress`.
 */
export async function planNewRun(
  deps: SendDeps,
  input: RunInput,
  includes?: (subscriber: DueSubscriber) => boolean,
): Promise<Run> {
  try {
    return await planRun({
      store: deps.store,
      input,
      select: deps.select,
      messageDomain: deps.messageDomain,
      ...(includes ? { includes } : {}),
      ...(deps.onPlanning ? { onProgress: deps.onPlanning } : {}),
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
    composer: composerFor(deps, { sending: true }),
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
    ...(deps.logger ? { logger: deps.logger } : {}),
    onEvent: (event) => deps.onEvent?.({ ...event, runId }),
  };
}

async function runOf(deps: SendDeps, runId: string): Promise<Run> {
  const run = await deps.store.getRun(runId);
  if (!run) throw new Error(`send run ${runId} vanished`);
  return run;
}

/** The composer of a run; `sending`: its messages go out, so their web views are kept first. */
export function composerFor(deps: SendDeps, options: { sending: boolean }) {
  const { keepWebView } = deps;
  const render: RenderDigest =
    options.sending && keepWebView
      ? async (content, recipient) => {
          await keepWebView(content);
          return deps.render(content, recipient);
        }
      : deps.render;
  return createComposer({
    render,
    links: deps.links,
    ...(deps.bounceAddress ? { bounceAddress: deps.bounceAddress } : {}),
    ...(deps.feedbackId ? { feedbackId: deps.feedbackId } : {}),
  });
}
