/**
 * Send throughput: N digests through a whole run (plan, claim, compose, SMTP, record) into
 * Postfix's smtp-sink on loopback, next to smtp-source sending as many messages of the same
 * size over the same number of connections. Prints both rates, the ratio and peak memory (caps
 * off, adaptive rate on: the defaults), then the same run with the adaptive rate off and with
 * caps on but never reached (what the outcome and cap bookkeeping cost), and the rate with DKIM
 * on. `tsx bench/send.ts --count 10000` for a quick run; `--variant-count N` sizes the
 * comparison runs (default: min(count, 20000)); `--rounds N` repeats smtp-source and each
 * variant in interleaved rounds and reports medians (the machine may be busy with other work).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildMime, createMailer } from '../src/mail/index.js';
import {
  createComposer,
  deliveryMessageId,
  type RenderDigest,
  resume,
  type SelectDigest,
} from '../src/send/index.js';
import { createDeliveryStore, type Db, migrateToLatest, openDatabase } from '../src/store/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const COUNT = option('count', 100_000);
const POOL = option('pool', 5);
const DKIM_COUNT = option('dkim-count', Math.min(COUNT, 5_000));
const VARIANT_COUNT = option('variant-count', Math.min(COUNT, 20_000));
const ROUNDS = option('rounds', 1);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
const SINK = '/usr/sbin/smtp-sink';
const SOURCE = '/usr/sbin/smtp-source';
const from = { address: 'news@example.org', name: 'Gazette' };
const listId = 'Gazette <digest.example.org>';

const articles = Array.from({ length: 8 }, (_, i) => ({
  id: `a${i}`,
  title: `Headline number ${i} about the regional economy`,
  body: 'The city announced a programme of upgrades for its industrial parks. '.repeat(16),
}));
const select: SelectDigest = () => ({ articleIds: articles.map((a) => a.id), moreCount: 0 });
const render: RenderDigest = async (content, r) => {
  const items = content.articleIds.map((id) => articles.find((a) => a.id === id));
  return {
    subject: `Gazette: ${items[0]?.title}`,
    html: `<!doctype html><html><body><table width="600">${items
      .map(
        (a) =>
          `<tr><td style="font-family:Arial;padding:8px"><h2>${a?.title}</h2><p>${a?.body}</p></td></tr>`,
      )
      .join(
        '',
      )}</table><p>Sent to ${r.email}. <a href="${r.unsubscribeUrl}">Unsubscribe</a> · <a href="${r.preferencesUrl}">Preferences</a></p></body></html>`,
    text: `${items.map((a) => `${a?.title}\n${a?.body}`).join('\n\n')}\nUnsubscribe: ${r.unsubscribeUrl}\n`,
  };
};
const links = (id: string) => ({
  unsubscribe: `https://news.example.org/unsubscribe?token=u.${Buffer.from(id).toString('base64url')}.mwtwyzu5.pDOEuUq2jd7ZcysYSo4D4A`,
  preferences: `https://news.example.org/preferences?token=p.${Buffer.from(id).toString('base64url')}.mwtwyzu5.pDOEuUq2jd7ZcysYSo4D4A`,
});

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

async function messageSize(): Promise<number> {
  const composer = createComposer({ render, links });
  const message = await composer.compose(
    {
      id: 1,
      runId: 'r',
      subscriberId: 's000001',
      email: 'user1@example.org',
      name: null,
      articleIds: articles.map((a) => a.id),
      moreCount: 0,
      messageId: 'r.s000001@example.org',
      attempts: 1,
    },
    new Date(),
  );
  return Buffer.byteLength(buildMime(message, { from, listId }));
}

async function smtpSource(size: number, count: number): Promise<number> {
  const { port, child } = await startSink();
  const started = performance.now();
  await promisify(execFile)(SOURCE, [
    '-s',
    String(POOL),
    '-l',
    String(size),
    '-m',
    String(count),
    '-f',
    'news@example.org',
    '-t',
    'user@example.org',
    `127.0.0.1:${port}`,
  ]);
  const seconds = (performance.now() - started) / 1000;
  child.kill();
  return count / seconds;
}

async function seed(db: Db, count: number): Promise<void> {
  const now = Date.now();
  for (let i = 0; i < count; i += 1000) {
    const rows = [];
    for (let j = i; j < Math.min(count, i + 1000); j++) {
      rows.push({
        id: `s${String(j).padStart(7, '0')}`,
        email: `user${j}@example.org`,
        name: null,
        categories: '[]',
        frequency: 'daily' as const,
        status: 'confirmed' as const,
        created_at: now,
        updated_at: now,
      });
    }
    await db.kysely.insertInto('subscribers').values(rows).execute();
  }
}

interface Variant {
  dkim?: boolean;
  adaptive?: boolean;
  caps?: { hourly: number; daily: number };
}

async function gazette(count: number, variant: Variant = {}) {
  const dkim = variant.dkim === true;
  const dir = mkdtempSync(join(tmpdir(), 'gazette-bench-'));
  const db = await openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  await migrateToLatest(db);
  await seed(db, count);
  const { port, child } = await startSink();
  const key = dkim
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString()
    : undefined;
  const mailer = createMailer({
    smtpUrl: `smtp://127.0.0.1:${port}`,
    outboxDir: dir,
    pool: POOL,
    from,
    listId,
    dkim: key ? { domain: 'example.org', selector: 'gz', privateKeyPem: key } : undefined,
  });
  const store = createDeliveryStore(db);
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const planStarted = performance.now();
  const run = await store.planRun(
    {
      kind: 'digest',
      frequency: 'daily',
      categories: [],
      startedBy: 'bench',
      now: new Date(),
      windowStart: null,
    },
    async (s) => select(s, new Date()),
    { persist: true, messageId: deliveryMessageId('example.org') },
  );
  const planSeconds = (performance.now() - planStarted) / 1000;
  const started = performance.now();
  const done = await resume(
    {
      store,
      mailer,
      select,
      render,
      links,
      messageDomain: 'example.org',
      clock: () => new Date(),
      adaptive: variant.adaptive ?? true,
      ...(variant.caps ? { caps: variant.caps } : {}),
    },
    run.id,
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await mailer.close();
  child.kill();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  if (done.sent !== count) throw new Error(`sent ${done.sent} of ${count}`);
  return { rate: count / seconds, planSeconds, peakMb: peak / 1024 / 1024 };
}

const size = await messageSize();
console.log(
  `send: ${COUNT} digests of ${(size / 1024).toFixed(1)} KB, ${POOL} connections, into smtp-sink${ROUNDS > 1 ? `; medians of ${ROUNDS} interleaved rounds` : ''}`,
);
const rates = {
  source: [] as number[],
  plain: [] as number[],
  fixed: [] as number[],
  capped: [] as number[],
};
const sourceOfVariants: number[] = [];
let peakMb = 0;
let planSeconds = 0;
for (let round = 0; round < ROUNDS; round++) {
  rates.source.push(await smtpSource(size, COUNT));
  const plain = await gazette(COUNT);
  rates.plain.push(plain.rate);
  peakMb = Math.max(peakMb, plain.peakMb);
  planSeconds = plain.planSeconds;
  if (VARIANT_COUNT !== COUNT) sourceOfVariants.push(await smtpSource(size, VARIANT_COUNT));
  rates.fixed.push((await gazette(VARIANT_COUNT, { adaptive: false })).rate);
  rates.capped.push(
    (await gazette(VARIANT_COUNT, { caps: { hourly: 10_000_000, daily: 100_000_000 } })).rate,
  );
  if (ROUNDS > 1) {
    const r = (n: number[]) => (n.at(-1) ?? 0).toFixed(0);
    console.log(
      `  round ${round + 1}: smtp-source ${r(rates.source)}, gazette ${r(rates.plain)}, adaptive off ${r(rates.fixed)}, caps on ${r(rates.capped)} msg/s (load ${loadavg()[0]?.toFixed(1)})`,
    );
  }
}
const source = median(rates.source);
const plain = median(rates.plain);
console.log(`  smtp-source         ${source.toFixed(0)} msg/s`);
console.log(
  `  gazette send        ${plain.toFixed(0)} msg/s  (ratio ${(plain / source).toFixed(2)}, target >= 0.5; planning ${planSeconds.toFixed(1)} s; caps off, adaptive rate on)`,
);
console.log(`  peak memory (RSS)   ${peakMb.toFixed(0)} MB (target < 300 MB)`);
const variantSource = sourceOfVariants.length > 0 ? median(sourceOfVariants) : source;
const fixed = median(rates.fixed);
const capped = median(rates.capped);
console.log(
  `  adaptive rate off   ${fixed.toFixed(0)} msg/s (${VARIANT_COUNT} digests, ratio ${(fixed / variantSource).toFixed(2)})`,
);
console.log(
  `  caps on, not reached ${capped.toFixed(0)} msg/s (${VARIANT_COUNT} digests, ratio ${(capped / variantSource).toFixed(2)}; a cap reservation in every step)`,
);
const signed = await gazette(DKIM_COUNT, { dkim: true });
console.log(
  `  with DKIM (rsa-2048, ${DKIM_COUNT} digests) ${signed.rate.toFixed(0)} msg/s, peak ${signed.peakMb.toFixed(0)} MB`,
);
console.log(
  `  load average        ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
