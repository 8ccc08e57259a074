/**
 * Feed build benchmark: 10,000 articles in 20 categories. Prints the full build (articles per
 * second; target under 2 s on 2 cores), the serving preparation (gzip + brotli + ETags), and
 * rebuilds after one article changes (target under 100 ms).
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadArticles, type ParseCache } from '../src/articles/index.js';
import { buildFeeds } from '../src/feeds/index.js';
import { serveDocument } from '../src/http/served.js';
import { articleText, generateStore } from './store.js';

const COUNT = 10_000;
const CATEGORIES = 20;
const options = {
  siteUrl: 'https://news.example.org',
  siteName: 'Gazette',
  language: 'en',
  feedItems: 50,
};
const now = new Date('2030-01-01T00:00:00Z');
const ms = (start: number) => `${(performance.now() - start).toFixed(0)} ms`;

const dir = await generateStore(COUNT, CATEGORIES);
try {
  const cache: ParseCache = new Map();
  let t = performance.now();
  const store = await loadArticles(dir, { timezone: 'UTC' }, cache);
  console.log(`load ${store.articles.length} articles (parse every file): ${ms(t)}`);

  t = performance.now();
  const build = buildFeeds(store.articles, options, now);
  const buildMs = performance.now() - t;
  const bytes = [...build.documents.values()].reduce((sum, doc) => sum + doc.body.length, 0);
  console.log(
    `build ${build.documents.size} documents (${(bytes / 1e6).toFixed(1)} MB): ${buildMs.toFixed(0)} ms, ` +
      `${Math.round(COUNT / (buildMs / 1000))} articles/s`,
  );

  t = performance.now();
  await Promise.all([...build.documents.values()].map((doc) => serveDocument(doc).compressed));
  console.log(`gzip + brotli + ETags for every document (thread pool): ${ms(t)}`);

  const rebuild = async (label: string, file: string, text: string, previous = build) => {
    await writeFile(join(dir, file), text);
    const start = performance.now();
    // As `gazette serve` does: the watcher reported this one path.
    const next = await loadArticles(dir, { timezone: 'UTC' }, cache, [file]);
    const loaded = performance.now();
    const again = buildFeeds(next.articles, options, now, previous);
    const built = performance.now();
    const served = await Promise.all(
      again.changed.flatMap((path) => {
        const doc = again.documents.get(path);
        return doc ? [serveDocument(doc).compressed] : [];
      }),
    );
    console.log(
      `rebuild after ${label}: ${(built - start).toFixed(0)} ms ` +
        `(reload ${(loaded - start).toFixed(0)} ms, build ${(built - loaded).toFixed(0)} ms, ` +
        `${again.changed.length} documents changed, compressed in ${ms(built)} [${served.length}])`,
    );
    return again;
  };
  const edited = await rebuild(
    'one article edited (title and body)',
    '009000.txt',
    articleText(9000, CATEGORIES, 'An edited title'),
  );
  const added = await rebuild(
    'one article added',
    '010000.txt',
    articleText(COUNT, CATEGORIES),
    edited,
  );
  await rebuild(
    'an old article re-dated to newest (archives shift)',
    '000100.txt',
    articleText(100, CATEGORIES).replace(/Updated : .*/, 'Updated : 2029-12-31 00:00'),
    added,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
