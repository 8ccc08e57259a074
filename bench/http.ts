/**
 * Serving benchmark: `wrk -t2 -c50 -d5s` on loopback against `/feeds/all.atom` (a store of
 * 2,000 articles in 20 categories), for 200 and for 304 answers, next to a baseline: a minimal
 * `node:http` server answering every request with the same prebuilt bytes and headers (no
 * routing, no negotiation). Also Hono alone, without the fast path, to show why it exists.
 * Target: Gazette at least 0.8 of the baseline.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { createLiveSite } from '../src/app/index.js';
import { loadConfig } from '../src/config.js';
import { createApp, feedFastPath, listen } from '../src/http/index.js';
import { createLogger } from '../src/log.js';
import { generateStore } from './store.js';

const WRK = '/usr/bin/wrk';
const PATH = '/feeds/all.atom';
if (!existsSync(WRK)) {
  console.log(`skipped: ${WRK} is missing (apt-get install -y wrk)`);
  process.exit(0);
}

const run = promisify(execFile);

/** wrk runs as a child process: the servers under test share this process's event loop. */
async function wrk(port: number, headers: string[] = []): Promise<number> {
  const args = ['-t2', '-c50', '-d5s', ...headers.flatMap((h) => ['-H', h])];
  const { stdout: out } = await run(WRK, [...args, `http://127.0.0.1:${port}${PATH}`]);
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(out)?.[1];
  if (/Non-2xx or 3xx responses/.test(out)) throw new Error(`wrk saw errors:\n${out}`);
  return Number(rate);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const dir = await generateStore(2_000, 20);
const config = loadConfig({ GAZETTE_ARTICLES_DIR: dir, GAZETTE_TIMEZONE: 'UTC' });
const logger = createLogger('silent');
const site = createLiveSite({ config, logger });
await site.rebuild();
const file = site.published().files.get(PATH);
if (!file) throw new Error(`${PATH} was not built`);
const { etag, body, ok } = file.variants.identity;
const conditional = [`If-None-Match: ${etag}`];

const baseline = createServer((req, res) => {
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag }).end();
    return;
  }
  res.writeHead(200, ok).end(body);
});
await new Promise<void>((done) => baseline.listen(0, '127.0.0.1', done));
const basePort = (baseline.address() as AddressInfo).port;

const app = createApp({ config, logger, site });
const gazette = await listen(app, 0, '127.0.0.1', feedFastPath({ site }));
const honoOnly = await listen(app, 0, '127.0.0.1');

try {
  console.log(`document: ${PATH}, ${body.length} bytes, 50 items; wrk -t2 -c50 -d5s, loopback`);
  // Interleaved rounds, medians reported: one busy moment on the machine must not decide.
  const ROUNDS = 3;
  for (const [label, headers] of [
    ['200', []],
    ['304', conditional],
  ] as const) {
    const rates = { base: [] as number[], ours: [] as number[], hono: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      rates.base.push(await wrk(basePort, [...headers]));
      rates.ours.push(await wrk(gazette.port, [...headers]));
      rates.hono.push(await wrk(honoOnly.port, [...headers]));
    }
    const base = median(rates.base);
    const ours = median(rates.ours);
    const hono = median(rates.hono);
    console.log(
      `${label} (median of ${ROUNDS}): baseline node:http ${base.toFixed(0)} req/s, ` +
        `gazette ${ours.toFixed(0)} req/s (ratio ${(ours / base).toFixed(2)}), ` +
        `hono without fast path ${hono.toFixed(0)} req/s (ratio ${(hono / base).toFixed(2)})`,
    );
  }
} finally {
  await gazette.close();
  await honoOnly.close();
  await new Promise((done) => baseline.close(done));
  await rm(dir, { recursive: true, force: true });
}
