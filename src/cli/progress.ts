import type { SendEvent } from '../send/index.js';
import { formatInstant } from '../time.js';

type Counts = Extract<SendEvent, { type: 'progress' }>;
const NONE: Counts = { type: 'progress', sent: 0, failed: 0, bounced: 0, deferred: 0, skipped: 0 };

export interface ProgressBar {
  onEvent(event: SendEvent & { runId?: string }): void;
  /** Draws the last line and ends it; the rates are final from then on. */
  done(): void;
  /**
   * Messages a second this process sent on a run (default: the current one), from its first
   * event here to its last: the figure the bar shows, and the one a summary line prints, so the
   * two always agree.
   */
  rate(runId?: string): number;
}

/**
 * A one-line progress bar on a terminal (stderr only, and only when it is a TTY: piped output
 * stays quiet): done of planned, sent, failed, the rate and the time left. `total(runId)` is the
 * run's planned count, once known; each new run (a send resumes unfinished ones first) starts
 * the bar afresh.
 */
export function progressBar(
  total: (runId: string | undefined) => number,
  options: { timezone: string; stream?: NodeJS.WriteStream },
): ProgressBar {
  const stream = options.stream ?? process.stderr;
  const enabled = stream.isTTY === true;
  let runId: string | undefined;
  let startedAt = Date.now();
  let last = NONE;
  let note = '';
  let drawnAt = 0;
  /** Runs this bar has moved past (or ended): their rates, fixed. */
  const finished = new Map<string | undefined, number>();

  const currentRate = () => {
    const seconds = (Date.now() - startedAt) / 1000;
    return seconds > 0 ? last.sent / seconds : 0;
  };
  const rate = (of: string | undefined = runId) =>
    finished.get(of) ?? (of === runId ? currentRate() : 0);

  const draw = (force = false) => {
    const now = Date.now();
    if (!enabled || (!force && now - drawnAt < 100)) return;
    drawnAt = now;
    const done = last.sent + last.failed + last.bounced + last.skipped;
    const all = Math.max(total(runId), done);
    const width = 24;
    // Nothing planned (yet) is an empty bar, never a full one.
    const filled = all > 0 ? Math.round((done / all) * width) : 0;
    const perSecond = rate(runId);
    const left = perSecond > 0 && all > done ? formatSeconds((all - done) / perSecond) : '--';
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${all} sent ${last.sent} failed ${last.failed + last.bounced} deferred ${last.deferred} ${perSecond.toFixed(1)}/s ${left} left${note}`;
    stream.write(`\r${line.slice(0, (stream.columns ?? 120) - 1)}\x1b[K`);
  };

  return {
    onEvent(event) {
      if (event.runId !== undefined && event.runId !== runId) {
        if (runId !== undefined) finished.set(runId, currentRate());
        runId = event.runId;
        startedAt = Date.now();
        last = NONE;
      }
      if (event.type === 'progress') last = event;
      else if (event.type === 'paused') note = ` (server unavailable, retrying: ${event.error})`;
      else if (event.type === 'throttled')
        note = ` (send cap reached, resumes ${formatInstant(event.resumeAt, options.timezone)})`;
      else if (event.type === 'rate' && event.reason === 'slowdown') {
        note = ` (server asked to slow down: ${event.perSecond.toFixed(1)}/s)`;
      } else if (event.type === 'deferred') note = ` (${event.domain} deferred: ${event.error})`;
      else if (event.type !== 'rate') note = '';
      draw(event.type !== 'progress');
    },
    done() {
      if (!finished.has(runId)) finished.set(runId, currentRate());
      if (!enabled) return;
      draw(true);
      stream.write('\n');
    },
    rate,
  };
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
