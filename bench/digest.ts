/**
 * Digest rendering at scale: 100,000 subscribers over N categories (each picks one to three, or
 * one in ten all), 200 new articles. Prints the MJML compiles and their time, digests built per
 * second once compiled, and peak memory; beside them, what compiling each distinct digest (the
 * way a template without block markers is built) would cost, timed on a sample.
 *
 * `tsx bench/digest.ts` runs 20, 50 and 200 categories, each in a process of its own (peak
 * memory is per process); `--categories N` runs one.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Article } from '../src/articles/index.js';
import {
  createDigestRenderer,
  type DigestSelection,
  type DigestSubscriber,
  type DigestTemplates,
  loadDigestTemplates,
  selectDigest,
} from '../src/digest/index.js';

const args = process.argv.slice(2);
const at = args.indexOf('--categories');
if (at < 0) {
  for (const categories of [20, 50, 200]) {
    const self = fileURLToPath(import.meta.url);
    const run = spawnSync(
      process.execPath,
      [...process.execArgv, self, '--categories', `${categories}`],
      {
        stdio: 'inherit',
      },
    );
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
  process.exit(0);
}

const CATEGORIES = Number(args[at + 1]);
const SUBSCRIBERS = 100_000;
const ARTICLES = 200;
const PEER_SAMPLE = 40;
const siteUrl = 'https://news.example.org';
const now = new Date('2024-06-21T07:00:00Z');
const yesterday = new Date(now.getTime() - 86_400_000);

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
const rand = random(20240621);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const words =
  'harbin city pilot manufacturing green port rail trade zone energy park growth market policy export science data'.split(
    ' ',
  );
const sentence = (n: number) => Array.from({ length: n }, () => pick(words)).join(' ');

const categories = Array.from({ length: CATEGORIES }, (_, i) => ({
  name: `Category ${i + 1}`,
  slug: `category-${i + 1}`,
}));
const articles: Article[] = Array.from({ length: ARTICLES }, (_, i) => {
  const title = `${sentence(8)} & <${i}>`;
  const summary = `${sentence(40)}.`;
  return {
    id: `article-${i}`,
    slug: `article-${i}`,
    title,
    category: pick(categories),
    date: new Date(now.getTime() - rand() * 86_400_000),
    byline: 'Gazette staff',
    paragraphs: [summary],
    bodyHtml: `<p>${summary}</p>`,
    summary,
    related: [],
    sourcePath: `article-${i}.txt`,
  };
});
const firstSeen = new Map(articles.map((a) => [a.id, new Date(now.getTime() - 3_600_000)]));

const subscribers: DigestSubscriber[] = Array.from({ length: SUBSCRIBERS }, () => {
  const chosen = new Set<string>();
  if (rand() >= 0.1) {
    const count = 1 + Math.floor(rand() * 3);
    while (chosen.size < count) chosen.add(pick(categories).slug);
  }
  return { categories: [...chosen], lastDigestAt: yesterday, sentArticleIds: new Set() };
});

const templates = await loadDigestTemplates(
  fileURLToPath(new URL('../templates', import.meta.url)),
);
const rendererOf = (sources: DigestTemplates) =>
  createDigestRenderer({
    templates: sources,
    siteUrl,
    siteName: 'Gazette',
    timezone: 'Asia/Shanghai',
    language: 'en',
  });
const recipient = (n: number) => ({
  email: `reader${n}@example.org`,
  name: `Reader ${n}`,
  unsubscribeUrl: `${siteUrl}/unsubscribe?token=${n.toString(36).padStart(24, 'x')}`,
  preferencesUrl: `${siteUrl}/preferences?token=${n.toString(36).padStart(24, 'y')}`,
});

let started = performance.now();
const selections: (DigestSelection | null)[] = subscribers.map((subscriber) =>
  selectDigest({ articles, firstSeen, subscriber, now, firstDigestItems: 5, maxItems: 20 }),
);
const selectMs = performance.now() - started;
const distinct = new Map<string, DigestSelection>();
for (const selection of selections) if (selection) distinct.set(selection.key, selection);

// The layout: compiled and checked against full compiles of sample digests on first use.
const renderer = rendererOf(templates);
started = performance.now();
const mode = await renderer.mode();
const compileMs = performance.now() - started;
const compiles = renderer.compiles;

// Every subscriber's digest as a send builds it: assembled, then addressed.
const cpuAtStart = process.cpuUsage();
started = performance.now();
let built = 0;
let chars = 0;
for (let n = 0; n < selections.length; n++) {
  const selection = selections[n];
  if (!selection) continue;
  const parts = (await renderer.layOut(selection)).address(recipient(n));
  for (const part of [parts.html, parts.text]) {
    for (const chunk of part.chunks) chars += chunk.length;
    for (const value of part.values) chars += value.length;
  }
  built++;
}
const buildMs = performance.now() - started;
const buildCpu = process.cpuUsage(cpuAtStart);
const buildCpuMs = (buildCpu.user + buildCpu.system) / 1000;

// The same as whole strings (previews, web views): each copy joined into one string.
started = performance.now();
let joined = 0;
for (let n = 0; n < selections.length; n += 10) {
  const selection = selections[n];
  if (!selection) continue;
  const digest = await renderer.render(selection, recipient(n));
  // Reading the last character flattens the joined string: each copy is really built here.
  if (digest.html.charCodeAt(digest.html.length - 1) + digest.text.charCodeAt(0) > 0) joined++;
}
const joinMs = performance.now() - started;
const peakMb = process.resourceUsage().maxRSS / 1024;

// The peer: one full MJML compile per distinct digest, timed on a sample of them.
const perContent = rendererOf({
  ...templates,
  mjml: templates.mjml.replace(/<mj-raw>(\{\{[#/][^}]*\}\})<\/mj-raw>/g, '$1'),
});
await perContent.mode();
const sample = [...distinct.values()].slice(0, PEER_SAMPLE);
started = performance.now();
for (const selection of sample) await perContent.renderWebView(selection);
const perCompileMs = (performance.now() - started) / sample.length;

const count = (n: number) => n.toLocaleString('en');
const rate = (n: number, ms: number) => count(Math.round((n / ms) * 1000));
const lines = [
  ['categories', `${CATEGORIES}`],
  [
    'subscribers',
    `${count(SUBSCRIBERS)} (1-3 categories each, 1 in 10 all), ${ARTICLES} new articles`,
  ],
  ['selection', `${selectMs.toFixed(0)} ms (${rate(SUBSCRIBERS, selectMs)} subscribers/s)`],
  ['distinct digests', count(distinct.size)],
  ['layout', mode.kind === 'layout' ? 'compiled once' : `per content: ${mode.reason}`],
  [
    'MJML compiles',
    `${count(compiles)} in ${(compileMs / 1000).toFixed(2)} s (the layout and its sample checks)`,
  ],
  [
    'digests built',
    `${count(built)} in ${buildMs.toFixed(0)} ms: ${rate(built, buildMs)} digests/s (assembled and addressed)`,
  ],
  [
    'on one core',
    `${rate(built, buildCpuMs)} digests/s (${buildCpuMs.toFixed(0)} ms of CPU time; the machine is shared)`,
  ],
  ['as whole strings', `${rate(joined, joinMs)} digests/s (render(), every 10th subscriber)`],
  ['average digest', `${(chars / built / 1024).toFixed(1)} K characters (HTML + text)`],
  ['compiles after build', `${count(renderer.compiles)} (none per digest)`],
  ['peak memory (max RSS)', `${peakMb.toFixed(0)} MB`],
  [
    'peer: per-content MJML',
    `${perCompileMs.toFixed(1)} ms a digest (timed on ${sample.length}): ${count(distinct.size)} compiles would take ${((perCompileMs * distinct.size) / 1000).toFixed(0)} s`,
  ],
];
for (const [label, value] of lines) console.log(`${label?.padEnd(24)}${value}`);
console.log();
