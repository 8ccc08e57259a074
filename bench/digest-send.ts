/**
 * A send over many categories against the same send over one: 10,000 subscribers, 200 new
 * articles in 50 categories, the real send path (articles read from files, the digest renderer
 * and its web views kept in the store, the composer, the MIME builder) into Postfix's smtp-sink.
 * First everyone takes every category (one distinct digest), then each chooses one to three
 * (thousands of distinct digests). Prints both rates and their ratio (target: within 10 %).
 *
 * `tsx bench/digest-send.ts --count 2000` for a quick run; `--rounds N` alternates the two sends
 * N times and reports medians (the machine may be busy with other work).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mailerFor } from '../src/app/mailer.js';
import { sendDepsFor } from '../src/app/send-deps.js';
import { loadConfig } from '../src/config.js';
import { deliveryMessageId, resume } from '../src/send/index.js';
import { type Db, migrateToLatest, openDatabase } from '../src/store/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const COUNT = option('count', 10_000);
const ROUNDS = option('rounds', 1);
const CATEGORIES = 50;
const ARTICLES = 200;
const SINK = '/usr/sbin/smtp-sink';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startSink(): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  // As root smtp-sink insists on dropping privileges to a named user.
  const user = process.getuid?.() === 0 ? ['-u', 'nobody'] : [];
  const child = spawn(SINK, [...user, '-c', `127.0.0.1:${port}`, '1000'], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { port, child };
}

/** mulberry32: small, seeded, good enough to spread choices. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words =
  'harbin city pilot manufacturing green port rail trade zone energy park growth market policy export science data'.split(
    ' ',
  );

function writeArticles(dir: string, now: Date): void {
  const rand = random(7);
  const sentence = (n: number) =>
    Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
  for (let i = 0; i < ARTICLES; i++) {
    const date = new Date(now.getTime() - (i + 1) * 300_000).toISOString();
    const text = [
      `Home>Category ${(i % CATEGORIES) + 1}`,
      `${sentence(8)} & <${i}>`,
      `Updated : ${date}`,
      'By ( Gazette staff )',
      `${sentence(40)}.\n${sentence(60)}.`,
    ].join('\n\n');
    writeFileSync(join(dir, `article-${i}.txt`), `${text}\n`);
  }
}

async function seed(db: Db, count: number, spread: boolean): Promise<void> {
  const rand = random(20240621);
  const now = Date.now();
  for (let i = 0; i < count; i += 1000) {
    const rows = [];
    for (let j = i; j < Math.min(count, i + 1000); j++) {
      const chosen = new Set<string>();
      const wanted = 1 + Math.floor(rand() * 3);
      while (spread && chosen.size < wanted) {
        chosen.add(`category-${1 + Math.floor(rand() * CATEGORIES)}`);
      }
      rows.push({
        id: `s${String(j).padStart(7, '0')}`,
        email: `user${j}@example.org`,
        name: j % 3 ? null : `User ${j}`,
        categories: JSON.stringify([...chosen]),
        frequency: 'daily' as const,
        status: 'confirmed' as const,
        created_at: now,
        updated_at: now,
      });
    }
    await db.kysely.insertInto('subscribers').values(rows).execute();
  }
}

async function sendOnce(spread: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-bench-'));
  const articlesDir = join(dir, 'articles');
  const now = new Date();
  mkdirSync(articlesDir);
  writeArticles(articlesDir, now);
  const { port, child } = await startSink();
  const config = loadConfig({
    GAZETTE_DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
    GAZETTE_ARTICLES_DIR: articlesDir,
    GAZETTE_DATA_DIR: dir,
    GAZETTE_SMTP_URL: `smtp://127.0.0.1:${port}`,
    GAZETTE_SITE_URL: 'https://news.example.org',
    GAZETTE_SECRET: 'a-bench-secret-of-enough-length',
    GAZETTE_FROM: 'Gazette <news@example.org>',
  });
  const db = await openDatabase(config.databaseUrl);
  await migrateToLatest(db);
  await seed(db, COUNT, spread);
  const mailer = await mailerFor(config);
  const deps = await sendDepsFor(config, db, mailer);
  // A regular digest: everything new since yesterday, up to GAZETTE_DIGEST_MAX_ITEMS.
  const yesterday = new Date(now.getTime() - 86_400_000);
  const select: typeof deps.select = (subscriber, at) =>
    deps.select({ ...subscriber, lastDigestAt: yesterday }, at);
  // After the wiring recorded when the articles were first seen.
  const planAt = new Date();
  const run = await deps.store.planRun(
    {
      kind: 'digest',
      frequency: 'daily',
      categories: [],
      startedBy: 'bench',
      now: planAt,
      windowStart: null,
    },
    async (subscriber) => select(subscriber, planAt),
    { persist: true, messageId: deliveryMessageId('example.org') },
  );
  const distinct = await db.kysely
    .selectFrom('deliveries')
    .select(({ fn }) => fn.count<number>('article_ids').distinct().as('n'))
    .executeTakeFirstOrThrow();
  const cpuAtStart = process.cpuUsage();
  const started = performance.now();
  const done = await resume({ ...deps, select }, run.id);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  await mailer.close();
  child.kill();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  if (done.sent !== COUNT) throw new Error(`sent ${done.sent} of ${COUNT}`);
  return {
    rate: COUNT / seconds,
    cpuUs: (cpu.user + cpu.system) / COUNT,
    distinct: Number(distinct.n),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

console.log(
  `digest send: ${COUNT} subscribers, ${ARTICLES} new articles in ${CATEGORIES} categories, into smtp-sink${ROUNDS > 1 ? `; medians of ${ROUNDS} alternating rounds` : ''}`,
);
const one = { rate: [] as number[], cpu: [] as number[] };
const many = { rate: [] as number[], cpu: [] as number[] };
let distinct = 0;
for (let round = 0; round < ROUNDS; round++) {
  const single = await sendOnce(false);
  const spread = await sendOnce(true);
  one.rate.push(single.rate);
  one.cpu.push(single.cpuUs);
  many.rate.push(spread.rate);
  many.cpu.push(spread.cpuUs);
  distinct = spread.distinct;
  if (ROUNDS > 1) {
    console.log(
      `  round ${round + 1}: every category ${single.rate.toFixed(0)} msg/s, ${single.cpuUs.toFixed(0)} us CPU a message; 1-3 of ${CATEGORIES} ${spread.rate.toFixed(0)} msg/s, ${spread.cpuUs.toFixed(0)} us (load ${loadavg()[0]?.toFixed(1)})`,
    );
  }
}
const [oneRate, manyRate] = [median(one.rate), median(many.rate)];
const [oneCpu, manyCpu] = [median(one.cpu), median(many.cpu)];
console.log(
  `  every category       ${oneRate.toFixed(0)} msg/s, ${oneCpu.toFixed(0)} us of CPU a message (1 distinct digest)`,
);
console.log(
  `  1-3 of ${CATEGORIES} categories ${manyRate.toFixed(0)} msg/s, ${manyCpu.toFixed(0)} us of CPU a message (${distinct} distinct digests)`,
);
console.log(
  `  ratio                ${(manyRate / oneRate).toFixed(2)} by rate, ${(oneCpu / manyCpu).toFixed(2)} by CPU time (target >= 0.9; on a busy machine the CPU time is the steadier figure)`,
);
console.log(
  `  load average         ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
