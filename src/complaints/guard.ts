/**
 * The complaint-rate guard. Gmail asks bulk senders to stay under 0.1 % of spam complaints and
 * rejects or junks mail above 0.3 %; Yahoo and Outlook.com hold the same line. A run whose own
 * complaint rate passes the configured threshold (once it has delivered enough for a rate to mean
 * anything) is held: paused with its reason, and since a held run is unfinished, the next run of
 * its frequency (scheduled or not) waits for an operator too.
 */

/** Gmail's target for bulk senders. */
export const COMPLAINT_TARGET = 0.001;
/** Where Gmail, Yahoo and Outlook.com start rejecting or junking bulk mail. */
export const COMPLAINT_LIMIT = 0.003;
/** Below this many delivered messages, a handful of complaints says little: no hold. */
export const MIN_DELIVERED = 1000;
export const ROLLING_DAYS = 7;

export interface RateTotals {
  /** Messages the relay accepted. */
  delivered: number;
  complaints: number;
  /** Permanent failures: refused at send time or reported later. */
  hardBounces: number;
}

export interface Rates extends RateTotals {
  /** Complaints over delivered; null when nothing was delivered. */
  complaintRate: number | null;
  /** Hard bounces over messages tried (delivered and hard-bounced). */
  bounceRate: number | null;
}

export function ratesOf(totals: RateTotals): Rates {
  const tried = totals.delivered + totals.hardBounces;
  return {
    ...totals,
    complaintRate: totals.delivered > 0 ? totals.complaints / totals.delivered : null,
    bounceRate: tried > 0 ? totals.hardBounces / tried : null,
  };
}

/** `0.42 %`, with more digits for the small rates that matter here. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '–';
  const percent = rate * 100;
  return `${percent.toFixed(percent > 0 && percent < 1 ? 2 : 1)} %`;
}

/** Whether a run's totals pass `threshold` (a fraction; 0 turns the guard off), and why. */
export function guardVerdict(
  totals: RateTotals,
  threshold: number,
): { hold: false } | { hold: true; reason: string } {
  const { complaintRate } = ratesOf(totals);
  if (threshold <= 0 || totals.delivered < MIN_DELIVERED || complaintRate === null) {
    return { hold: false };
  }
  if (complaintRate <= threshold) return { hold: false };
  const count = (n: number) => n.toLocaleString('en');
  return {
    hold: true,
    reason:
      `complaint rate ${formatRate(complaintRate)} (${count(totals.complaints)} of ` +
      `${count(totals.delivered)} delivered) passed GAZETTE_COMPLAINT_PAUSE ${formatRate(threshold)}`,
  };
}

/** What the guard reads and writes; `store/` implements it. */
export interface GuardStore {
  runTotals(runId: string): Promise<RateTotals>;
  totalsSince(since: Date): Promise<RateTotals>;
  /**
   * Pauses the run with `reason` (a finished run is held as well), unless the guard held it
   * before: an operator's resume is final for that run. False when nothing changed.
   */
  holdRun(runId: string, reason: string, now: Date): Promise<boolean>;
  /** Runs with a complaint received since `since` that the guard has not held. */
  runsWithComplaints(since: Date): Promise<string[]>;
}

/** Checks one run; the reason when this call held it. */
export async function guardRun(
  store: GuardStore,
  runId: string,
  threshold: number,
  now: Date,
): Promise<string | null> {
  const verdict = guardVerdict(await store.runTotals(runId), threshold);
  if (!verdict.hold) return null;
  return (await store.holdRun(runId, verdict.reason, now)) ? verdict.reason : null;
}

/**
 * Checks every run with recent complaints: a run that reached 1,000 delivered after its
 * complaints came in is held too, though no new complaint names it.
 */
export async function guardSweep(
  store: GuardStore,
  threshold: number,
  now: Date,
): Promise<{ runId: string; reason: string }[]> {
  if (threshold <= 0) return [];
  const since = new Date(now.getTime() - ROLLING_DAYS * 86_400_000);
  const held: { runId: string; reason: string }[] = [];
  for (const runId of await store.runsWithComplaints(since)) {
    const reason = await guardRun(store, runId, threshold, now);
    if (reason) held.push({ runId, reason });
  }
  return held;
}

/** The last seven days, for the dashboard and the doctor. */
export async function rollingRates(store: GuardStore, now: Date): Promise<Rates> {
  return ratesOf(await store.totalsSince(new Date(now.getTime() - ROLLING_DAYS * 86_400_000)));
}
