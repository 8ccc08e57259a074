import type { Hono } from 'hono';

/** The console's page target: each page answers within this, at scale. */
const TARGET_MS = 200;

/**
 * Times console pages as a signed-in browser asks for them: seven requests each, the median and
 * the worst printed beside the rows the page shows (counted by `rowPattern`). Resolves with the
 * page, for links to follow.
 */
export function consolePageTimer(app: Hono, cookie: string, rowPattern: RegExp) {
  return async (label: string, path: string): Promise<string> => {
    const samples: number[] = [];
    let body = '';
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      const response = await app.request(`http://127.0.0.1${path}`, { headers: { cookie } });
      body = await response.text();
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    const rows = (body.match(rowPattern) ?? []).length;
    const median = samples[3] ?? 0;
    process.stdout.write(
      `${label.padEnd(34)} median ${median.toFixed(1).padStart(6)} ms  worst ${(samples.at(-1) ?? 0).toFixed(1).padStart(6)} ms  ${rows} rows  ${median < TARGET_MS ? 'ok' : `SLOW (target ${TARGET_MS} ms)`}\n`,
    );
    return body;
  };
}
