/**
 * Digest rendering at scale: 100,000 subscribers over 20 categories (each picks one to three, or
 * all), 200 new articles. Prints the MJML compiles, the time they take, digests rendered per
 * second once compiled, and peak memory. Deterministic: a fixed seed.
 */
import { fileURLToPath } from 'node:url';
import type { Article } from '../src/articles/index.js';
import {
  createDigestRenderer,
  type DigestSelection,
  type DigestSubscriber,
  loadDigestTemplates,
  selectDigest,
} from '../src/digest/index.js';

const SUBSCRIBERS = 100_000;
const CATEGORIES = 20;
const ARTICLES = 200;
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

const renderer = createDigestRenderer({
  templates: await loadDigestTemplates(fileURLToPath(new URL('../templates', import.meta.url))),
  siteUrl,
  siteName: 'Gazette',
  timezone: 'Asia/Shanghai',
  language: 'en',
  cacheSize: 5000,
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

started = performance.now();
const distinct = new Map<string, DigestSelection>();
for (const selection of selections) if (selection) distinct.set(selection.key, selection);
for (const selection of distinct.values()) await renderer.renderWebView(selection);
const compileMs = performance.now() - started;
const compiles = renderer.compiles;

started = performance.now();
let rendered = 0;
let chars = 0;
for (let n = 0; n < selections.length; n++) {
  const selection = selections[n];
  if (!selection) continue;
  const digest = await renderer.render(selection, recipient(n));
  // Reading the last character flattens the joined string: each copy is really built here.
  chars += digest.html.charCodeAt(digest.html.length - 1) > 0 ? digest.html.length : 0;
  chars += digest.text.charCodeAt(digest.text.length - 1) > 0 ? digest.text.length : 0;
  rendered++;
}
const renderMs = performance.now() - started;

const count = (n: number) => n.toLocaleString('en');
const rate = (n: number, ms: number) => count(Math.round((n / ms) * 1000));
const lines = [
  ['subscribers', `${count(SUBSCRIBERS)} over ${CATEGORIES} categories, ${ARTICLES} new articles`],
  ['selection', `${selectMs.toFixed(0)} ms (${rate(SUBSCRIBERS, selectMs)} subscribers/s)`],
  ['distinct digests', count(distinct.size)],
  [
    'MJML compiles',
    `${count(compiles)} in ${(compileMs / 1000).toFixed(1)} s (${(compileMs / compiles).toFixed(1)} ms each)`,
  ],
  [
    'rendered after compile',
    `${count(rendered)} in ${renderMs.toFixed(0)} ms: ${rate(rendered, renderMs)} digests/s on one core`,
  ],
  ['average digest', `${(chars / rendered / 1024).toFixed(1)} K characters (HTML + text)`],
  ['compiles after render', `${count(renderer.compiles)} (every copy reused a compile)`],
  ['peak memory (max RSS)', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`],
];
for (const [label, value] of lines) console.log(`${label?.padEnd(24)}${value}`);
