/**
 * Sitemap benchmark: 120,000 generated articles (one every ten minutes, so 28 months) in 20
 * categories. Prints the time to build every discovery document (the index, the pages sitemap,
 * one sitemap per month, the News sitemap, robots.txt) and the memory it takes, beside the
 * `sitemap` package (sitemap.js, streams) writing the same monthly sitemaps and index, then
 * validates the index and every sitemap with xmllint against the sitemaps.org schemas.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SitemapIndexStream, SitemapStream, streamToPromise } from 'sitemap';
import type { Article } from '../src/articles/index.js';
import { discoveryBuilder } from '../src/discovery/index.js';
import { articleUrl } from '../src/feeds/index.js';

const COUNT = Number(process.argv[process.argv.indexOf('--count') + 1]) || 120_000;
const CATEGORIES = 20;
const options = { siteUrl: 'https://news.example.org', siteName: 'Gazette', language: 'en' };
const start = Date.UTC(2022, 0, 1);
const now = new Date(start + COUNT * 600_000);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function generate(): { articles: Article[]; categories: Article['category'][] } {
  const categories = Array.from({ length: CATEGORIES }, (_, i) => ({
    name: `Category ${i}`,
    slug: `category-${i}`,
  }));
  const articles: Article[] = [];
  for (let i = COUNT - 1; i >= 0; i--) {
    const date = new Date(start + i * 600_000);
    articles.push({
      id: `bench/${i}`,
      slug: `story-${i}-harbin-industry-investment`,
      title: `Story ${i}: harbin industry investment`,
      category: categories[i % CATEGORIES] as Article['category'],
      date,
      // One in ten edited a day later.
      updated: i % 10 === 0 ? new Date(date.getTime() + 86_400_000) : undefined,
      byline: 'bench.example',
      paragraphs: [],
      bodyHtml: '',
      summary: '',
      related: [],
      sourcePath: `${i}.txt`,
    });
  }
  return { articles, categories };
}

async function peer(articles: Article[]): Promise<number> {
  const began = performance.now();
  const byMonth = new Map<string, Article[]>();
  for (const article of articles) {
    const month = article.date.toISOString().slice(0, 7);
    const list = byMonth.get(month);
    if (list) list.push(article);
    else byMonth.set(month, [article]);
  }
  const index = new SitemapIndexStream();
  const indexDone = streamToPromise(index);
  for (const [month, list] of byMonth) {
    const stream = new SitemapStream({ hostname: options.siteUrl });
    const done = streamToPromise(stream);
    for (const article of list)
      stream.write({
        url: articleUrl(options.siteUrl, article),
        lastmod: (article.updated ?? article.date).toISOString(),
      });
    stream.end();
    await done;
    index.write({ url: `${options.siteUrl}/sitemaps/${month}.xml` });
  }
  index.end();
  await indexDone;
  return performance.now() - began;
}

const { articles, categories } = generate();
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const began = performance.now();
const cpu = process.cpuUsage();
const build = discoveryBuilder(options);
const docs = build({ articles, categories }, now);
const ms = performance.now() - began;
const cpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
const heapAfter = process.memoryUsage().heapUsed;
const bytes = docs.reduce((sum, doc) => sum + Buffer.byteLength(doc.body), 0);
const sitemaps = docs.filter((doc) => doc.path.startsWith('/sitemaps/'));

console.log(
  `load average: ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
console.log(
  `${COUNT} articles, ${CATEGORIES} categories, ${sitemaps.length} sitemaps in the index`,
);
console.log(
  `Gazette: every discovery document in ${ms.toFixed(0)} ms (${cpuMs.toFixed(0)} ms CPU), ` +
    `${mb(bytes)} of XML, heap +${mb(heapAfter - heapBefore)}, rss ${mb(process.memoryUsage().rss)}`,
);
// A rebuild after one article's edit, as `gazette serve` runs it: one month is written again.
const edited = articles.map((article, i) => (i === 5000 ? { ...article, updated: now } : article));
const rebuildStart = performance.now();
const rebuildCpu = process.cpuUsage();
build({ articles: edited, categories }, now);
const rebuildUsage = process.cpuUsage(rebuildCpu);
console.log(
  `Gazette: rebuild after one edit in ${(performance.now() - rebuildStart).toFixed(0)} ms ` +
    `(${((rebuildUsage.user + rebuildUsage.system) / 1000).toFixed(0)} ms CPU)`,
);
const peerMs = await peer(articles);
console.log(`sitemap 9 (peer, streams): the monthly sitemaps and index in ${peerMs.toFixed(0)} ms`);

const dir = mkdtempSync(join(tmpdir(), 'gazette-sitemaps-'));
try {
  const schemas = join(import.meta.dirname, '..', 'test', 'fixtures', 'sitemaps');
  const write = (doc: (typeof docs)[number]) => {
    const file = join(dir, doc.path.replace(/\//g, '_'));
    writeFileSync(file, doc.body);
    return file;
  };
  const index = docs.find((doc) => doc.path === '/sitemap.xml');
  if (!index) throw new Error('no index');
  const lint = (schema: string, files: string[]) =>
    execFileSync('/usr/bin/xmllint', ['--noout', '--schema', join(schemas, schema), ...files], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  lint('siteindex.xsd', [write(index)]);
  lint('sitemap.xsd', sitemaps.map(write));
  const largest = Math.max(...sitemaps.map((doc) => doc.body.length));
  console.log(
    `xmllint: the index and all ${sitemaps.length} sitemaps are valid (largest ${mb(largest)})`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
