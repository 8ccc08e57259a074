import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressBar } from '../../src/cli/progress.js';

const CLEAR_LINE = '\u001b[K';

/** A terminal-like stream that keeps what was drawn, line by line (`\r` starts a line again). */
function terminal() {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 200 });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    stream: stream as unknown as NodeJS.WriteStream,
    lines: () =>
      text
        .split(/[\r\n]/)
        .map((line) => (line.endsWith(CLEAR_LINE) ? line.slice(0, -CLEAR_LINE.length) : line))
        .filter(Boolean),
  };
}

const progress = (sent: number, failed = 0) =>
  ({ type: 'progress', sent, failed, bounced: 0, deferred: 0, skipped: 0 }) as const;

afterEach(() => vi.useRealTimers());

describe('the send progress bar', () => {
  it('is empty, not full, while nothing is planned', async () => {
    const out = terminal();
    const bar = progressBar(() => 0, { timezone: 'UTC', stream: out.stream });
    bar.onEvent({ type: 'resumed', runId: 'r1' });
    await new Promise((r) => setImmediate(r));
    expect(out.lines().at(-1)).toMatch(/^\[-{24}\] 0\/0 sent 0 /);
  });

  it('counts what the run planned, and shows the rate the summary prints', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const out = terminal();
    const planned = new Map([['r1', 20]]);
    const bar = progressBar((run) => planned.get(run ?? '') ?? 0, {
      timezone: 'Asia/Tokyo',
      stream: out.stream,
    });
    bar.onEvent({ ...progress(0), runId: 'r1' });
    vi.advanceTimersByTime(500);
    bar.onEvent({ ...progress(10), runId: 'r1' });
    bar.onEvent({ type: 'throttled', resumeAt: new Date('2026-01-01T01:00:00Z'), runId: 'r1' });
    vi.advanceTimersByTime(500);
    bar.onEvent({ ...progress(19, 1), runId: 'r1' });
    bar.done();
    vi.advanceTimersByTime(5000);
    await vi.runAllTimersAsync();
    const lines = out.lines();
    expect(lines).toContainEqual(expect.stringContaining('resumes 1 Jan 2026, 10:00 Asia/Tokyo'));
    expect(lines.at(-1)).toMatch(/^\[#{24}\] 20\/20 sent 19 failed 1 deferred 0 19\.0\/s --/);
    // Later calls give the same figure: the summary line agrees with the bar's last line.
    expect(bar.rate('r1').toFixed(1)).toBe('19.0');
  });

  it('starts afresh for each run a send works on', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const out = terminal();
    const planned = new Map([
      ['old', 5],
      ['new', 8],
    ]);
    const bar = progressBar((run) => planned.get(run ?? '') ?? 0, {
      timezone: 'UTC',
      stream: out.stream,
    });
    bar.onEvent({ ...progress(0), runId: 'old' });
    vi.advanceTimersByTime(1000);
    bar.onEvent({ ...progress(5), runId: 'old' });
    vi.advanceTimersByTime(1000);
    bar.onEvent({ ...progress(0), runId: 'new' });
    vi.advanceTimersByTime(2000);
    bar.onEvent({ ...progress(8), runId: 'new' });
    bar.done();
    await vi.runAllTimersAsync();
    expect(out.lines().at(-1)).toMatch(/^\[#{24}\] 8\/8 sent 8 .* 4\.0\/s/);
    expect(bar.rate('old')).toBe(2.5);
    expect(bar.rate('new')).toBe(4);
  });
});
