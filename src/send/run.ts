import { createComposer } from './compose.js';
import { planRun } from './plan.js';
import type {
  BounceAddress,
  DeliveryStore,
  LinksFor,
  Mailer,
  RenderDigest,
  SelectDigest,
} from './ports.js';
import type { RetryPolicy } from './retry.js';
import type { Frequency, Run } from './types.js';
import { runWorker, type SendEvent } from './worker.js';

export interface SendDeps {
  store: DeliveryStore;
  mailer: Mailer;
  select: SelectDigest;
  render: RenderDigest;
  links: LinksFor;
  /** Per-delivery envelope senders (bounce addresses); unset: the mailer's own. */
  bounceAddress?: BounceAddress;
  /** For Message-IDs. */
  messageDomain: string;
  clock: () => Date;
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
  constructor(readonly runId: string) {
    super(`send run ${runId} of this kind is already unfinished; resume it`);
    this.name = 'RunInProgress';
  }
}

/**
 * A send: first every unfinished run of the same kind and frequency (a crash left it), then a
 * newly planned one. Returns the runs worked on, last the new one.
 */
export async function send(deps: SendDeps, request: SendRequest): Promise<Run[]> {
  const composer = composerFor(deps);
  const now = deps.clock();
  const input = {
    kind: request.kind,
    frequency: request.frequency,
    categories: request.categories,
    startedBy: request.startedBy,
    now,
    windowStart: new Date(now.getTime() - PERIOD_MS[request.frequency]),
  };
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
  for (const unfinished of await deps.store.unfinishedRuns(request.kind, request.frequency)) {
    runs.push(await resume(deps, unfinished.id));
    if (deps.signal?.aborted) return runs;
  }
  let planned: Run;
  try {
    planned = await planRun({
      store: deps.store,
      input: { ...input, now: deps.clock() },
      select: deps.select,
      messageDomain: deps.messageDomain,
    });
  } catch (error) {
    const [other] = await deps.store.unfinishedRuns(request.kind, request.frequency);
    if (other) throw new RunInProgress(other.id);
    throw error;
  }
  runs.push(await resume(deps, planned.id));
  return runs;
}

/** Works on one run until it is done (joining any other live workers), then returns it. */
export async function resume(deps: SendDeps, runId: string): Promise<Run> {
  const composer = composerFor(deps);
  await deps.store.startRun(runId, deps.clock());
  await runWorker({
    store: deps.store,
    mailer: deps.mailer,
    composer,
    runId,
    clock: deps.clock,
    ...(deps.batchSize ? { batchSize: deps.batchSize } : {}),
    ...(deps.heartbeatMs ? { heartbeatMs: deps.heartbeatMs } : {}),
    ...(deps.deadAfterMs ? { deadAfterMs: deps.deadAfterMs } : {}),
    ...(deps.retry ? { retry: deps.retry } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
    onEvent: (event) => deps.onEvent?.({ ...event, runId }),
  });
  const run = await deps.store.getRun(runId);
  if (!run) throw new Error(`send run ${runId} vanished`);
  return run;
}

function composerFor(deps: SendDeps) {
  return createComposer({
    render: deps.render,
    links: deps.links,
    ...(deps.bounceAddress ? { bounceAddress: deps.bounceAddress } : {}),
  });
}
