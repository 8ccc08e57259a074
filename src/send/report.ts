import type { RunLedger } from './ports.js';
import type { DeliveryCounts, Run, RunReport } from './types.js';

/** A run's figures as every report shows them. */
export interface RunTotals {
  sent: number;
  /** Failed and bounced deliveries. */
  failed: number;
  skipped: number;
  /** Still to try: queued, claimed, deferred, and unknown (in doubt). */
  pending: number;
  inFlight: number;
}

/**
 * A run's figures from its deliveries' counts, live while it is unfinished; without counts, the
 * figures recorded when it finished. Skips at send time join the run's own count only when it
 * finishes.
 */
export function runTotals(run: Run, counts?: DeliveryCounts): RunTotals {
  if (!counts) {
    return { sent: run.sent, failed: run.failed, skipped: run.skipped, pending: 0, inFlight: 0 };
  }
  return {
    sent: counts.sent,
    failed: counts.failed + counts.bounced,
    skipped: run.finishedAt ? run.skipped : run.skipped + counts.skipped,
    pending: counts.queued + counts.claimed + counts.deferred + counts.unknown,
    inFlight: counts.sending,
  };
}

/** A run as lists show it (`runs list`, the admin API): its record with its current figures. */
export interface RunSummary extends Run, RunTotals {
  /** Sent and failed over planned, 0..1 (1 when nothing was planned). */
  progress: number;
}

/** The summary of `run` from its deliveries' `counts`; without them, its recorded figures. */
export function summarize(run: Run, counts?: DeliveryCounts): RunSummary {
  const totals = runTotals(run, counts);
  const progress = run.planned === 0 ? 1 : Math.min(1, (totals.sent + totals.failed) / run.planned);
  return { ...run, ...totals, progress };
}

/** Live counts while the run is unfinished; a finished one shows the counts recorded at its end. */
export async function summarizeRun(
  store: Pick<RunLedger, 'counts'>,
  run: Run,
): Promise<RunSummary> {
  return summarize(run, run.finishedAt ? undefined : await store.counts(run.id));
}

/**
 * A run as `gazette runs show` and the admin API report it: its record, its deliveries counted by
 * state, and its latest failures and bounces with their SMTP code and text. Undefined: no such run.
 */
export async function describeRun(
  store: Pick<RunLedger, 'getRun' | 'counts' | 'details' | 'failures'>,
  id: string,
  options: { failures?: number } = {},
): Promise<RunReport | undefined> {
  const run = await store.getRun(id);
  if (!run) return undefined;
  const [counts, details, failures] = await Promise.all([
    store.counts(id),
    store.details(id),
    store.failures(id, options.failures ?? 50),
  ]);
  const { sent, failed, skipped } = runTotals(run, counts);
  return {
    ...run,
    sent,
    failed,
    skipped,
    counts,
    inDoubt: details.inDoubt,
    nextAttemptAt: details.nextAttemptAt,
    failures,
  };
}
