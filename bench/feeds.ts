/**
 * Feed build benchmark: 10,000 articles in 20 categories. Prints the full build (parse, then
 * every document; articles per second; target: under 2 s on 2 cores), the serving preparation,
 * and rebuilds after one article changes (target under 100 ms), as it happens in `gazette
 * serve`: the watcher reports the changed path, only documents that changed are hashed, and
 * compression waits for the first request (subscription documents are compressed in the
 * background). Medians of several runs, with the load average, since the machine may be shared.
 */
import { rm, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadArticles, type ParseCache } from '../src/articles/index.js';
import { buildFeeds, type FeedBuild } from '../src/feeds/index.js';
import { serveDocument } from '../src/http/served.js';
import { articleText, generateStore } from './store.js';

const COUNT = 10_000;
const CATEGORIES = 20;
const ROUNDS = 3;
const REBUILDS = 7;
const options = {
  siteUrl: 'https://news.example.org',
  siteName: 'Gazette',
  language: 'en',
  feedItems: 50,
};
const now = new Date('2030-01-01T00:00:00Z');
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Times `run` `rounds` times; returns the median of each named phase, of the total and of the
 * CPU time this process used (all threads; less swayed than wall time by other processes on a
 * shared machine), and the last result.
 */
async function measure<T>(
  rounds: number,
  run: (round: number, phase: (name: string) => void) => Promise<T> | T,
): Promise<{ phases: Record<string, number>; result: T }> {
  const times: Record<string, number[]> = {};
  let result: T | undefined;
  for (let round = 0; round < rounds; round++) {
    const record = (name: string, ms: number) => {
      const list = times[name] ?? [];
      list.push(ms);
      times[name] = list;
    };
    let last = performance.now();
    const start = last;
    const cpu = process.cpuUsage();
    result = undefined; // a full build is 175 MB: let the previous round's go first
    result = await run(round, (name) => {
      const at = performance.now();
      record(name, at - last);
      last = at;
    });
    record('total', performance.now() - start);
    const used = process.cpuUsage(cpu);
    record('cpu', (used.user + used.system) / 1000);
  }
  const phases = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  return { phases, result: result as T };
}

const ms = (n: number | undefined) => `${(n ?? 0).toFixed(0)} ms`;

console.log(`load average at start: ${load()}`);
const dir = await generateStore(COUNT, CATEGORIES);
try {
  let cache: ParseCache = new Map();
  const full = await measure(ROUNDS, async (_round, phase) => {
    cache = new Map();
    const store = await loadArticles(dir, { timezone: 'UTC' }, cache);
    phase('parse');
    const build = buildFeeds(store.articles, options, now);
    phase('build');
    return build;
  });
  let build = full.result;
  const { parse, build: buildMs, total } = full.phases;
  const bytes = [...build.documents.values()].reduce((sum, doc) => sum + doc.body.length, 0);
  console.log(
    `full build, median of ${ROUNDS}: ${ms(total)}, cpu ${ms(full.phases.cpu)} (parse ${ms(parse)}, build ${build.documents.size} ` +
      `documents, ${(bytes / 1e6).toFixed(1)} MB, ${ms(buildMs)}); ` +
      `${Math.round(COUNT / ((total ?? 1) / 1000))} articles/s overall, ` +
      `${Math.round(COUNT / ((buildMs ?? 1) / 1000))} articles/s building`,
  );

  const serve = await measure(ROUNDS, () => {
    for (const doc of build.documents.values()) serveDocument(doc);
  });
  console.log(
    `hash and headers for every document, median of ${ROUNDS}: ${ms(serve.phases.total)}`,
  );
  const current = [...build.documents.values()].filter((doc) => !doc.archive);
  const warm = await measure(ROUNDS, () =>
    Promise.all(current.map((doc) => serveDocument(doc))).then((files) =>
      Promise.all(files.flatMap((file) => [file.compress('br'), file.compress('gzip')])),
    ),
  );
  console.log(
    `gzip + brotli for the ${current.length} subscription documents (background, thread pool), ` +
      `median of ${ROUNDS}: ${ms(warm.phases.total)}`,
  );
  const archive = build.documents.get('/feeds/all/archive/100.atom');
  if (archive) {
    const first = await measure(REBUILDS, () => serveDocument(archive).compress('br'));
    console.log(`brotli for an archive page on its first request: ${ms(first.phases.total)}`);
  }

  const rebuild = async (label: string, change: (round: number) => [string, string]) => {
    const { phases } = await measure(REBUILDS, async (round, phase) => {
      const [file, text] = change(round);
      await writeFile(join(dir, file), text);
      phase('write');
      const next = await loadArticles(dir, { timezone: 'UTC' }, cache, [file]);
      phase('reload');
      const again: FeedBuild = buildFeeds(next.articles, options, now, build);
      phase('build');
      for (const path of again.changed) {
        const doc = again.documents.get(path);
        if (doc) serveDocument(doc);
      }
      phase('hash');
      build = again;
      return again.changed.length;
    });
    const rebuilt = (phases.total ?? 0) - (phases.write ?? 0);
    console.log(
      `rebuild after ${label}, median of ${REBUILDS}: ${ms(rebuilt)}, cpu ${ms(phases.cpu)} (reload ${ms(phases.reload)}, ` +
        `build ${ms(phases.build)}, hash ${ms(phases.hash)}, ${build.changed.length} documents changed)`,
    );
  };
  await rebuild('one article edited (title and body)', (round) => [
    '009000.txt',
    articleText(9000, CATEGORIES, `An edited title ${round}`),
  ]);
  await rebuild('one article added', (round) => [
    `${COUNT + round}.txt`,
    articleText(COUNT + round, CATEGORIES),
  ]);
  await rebuild('an old article re-dated to newest (archives shift)', (round) => [
    `${String(100 + round).padStart(6, '0')}.txt`,
    articleText(100 + round, CATEGORIES).replace(
      /Updated : .*/,
      `Updated : 2029-12-31 0${round}:00`,
    ),
  ]);
  const scan = await measure(ROUNDS, async (_round, phase) => {
    const store = await loadArticles(dir, { timezone: 'UTC' }, cache);
    phase('reload');
    build = buildFeeds(store.articles, options, now, build);
    phase('build');
  });
  console.log(
    `periodic full scan, nothing changed, median of ${ROUNDS}: ${ms(scan.phases.total)} ` +
      `(reload ${ms(scan.phases.reload)}, build ${ms(scan.phases.build)})`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
  console.log(`load average at end: ${load()}`);
}
