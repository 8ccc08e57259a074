import type { DeliveryStore } from './ports.js';
import type { RunReport } from './types.js';

/**
 * A run as `gazette runs show` and the admin API report it: its record, its deliveries counted by
 * state, and its latest failures and bounces with their SMTP code and text. Undefined: no such run.
 */
export async function describeRun(
  store: DeliveryStore,
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
  // Skips at send time are added to the run's own count only when it finishes.
  const skipped = run.finishedAt ? run.skipped : run.skipped + counts.skipped;
  return {
    ...run,
    sent: counts.sent,
    failed: counts.failed + counts.bounced,
    skipped,
    counts,
    inDoubt: details.inDoubt,
    nextAttemptAt: details.nextAttemptAt,
    failures,
  };
}
