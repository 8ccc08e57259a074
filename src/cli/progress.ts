import type { SendEvent } from '../send/index.js';

/**
 * A one-line progress bar on a terminal (stderr only, and only when it is a TTY: piped output
 * stays quiet): sent, failed, rate over the last seconds, time left.
 */
export function progressBar(total: () => number, stream: NodeJS.WriteStream = process.stderr) {
  const enabled = stream.isTTY === true;
  const samples: { at: number; done: number }[] = [];
  let last = { sent: 0, failed: 0, bounced: 0, deferred: 0, skipped: 0 };
  let note = '';
  let drawnAt = 0;

  const draw = (force = false) => {
    const now = Date.now();
    if (!enabled || (!force && now - drawnAt < 100)) return;
    drawnAt = now;
    const done = last.sent + last.failed + last.bounced + last.skipped;
    samples.push({ at: now, done });
    while (samples.length > 2 && (samples[0]?.at ?? now) < now - 5000) samples.shift();
    const first = samples[0] ?? { at: now, done };
    const rate = now > first.at ? ((done - first.done) * 1000) / (now - first.at) : 0;
    const all = Math.max(total(), done);
    const width = 24;
    const filled = all > 0 ? Math.round((done / all) * width) : width;
    const left = rate > 0 ? formatSeconds((all - done) / rate) : '--';
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${all} sent ${last.sent} failed ${last.failed + last.bounced} deferred ${last.deferred} ${rate.toFixed(0)}/s ${left} left${note}`;
    stream.write(`\r${line.slice(0, (stream.columns ?? 120) - 1)}\x1b[K`);
  };

  return {
    onEvent(event: SendEvent) {
      if (event.type === 'progress') last = event;
      else if (event.type === 'paused') note = ` (server unavailable, retrying: ${event.error})`;
      else if (event.type === 'throttled')
        note = ` (send cap reached, resumes ${event.resumeAt.toISOString()})`;
      else if (event.type === 'rate' && event.reason === 'slowdown') {
        note = ` (server asked to slow down: ${event.perSecond.toFixed(1)}/s)`;
      } else if (event.type === 'deferred') note = ` (${event.domain} deferred: ${event.error})`;
      else if (event.type !== 'rate') note = '';
      draw(event.type !== 'progress');
    },
    done() {
      if (!enabled) return;
      draw(true);
      stream.write('\n');
    },
  };
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
