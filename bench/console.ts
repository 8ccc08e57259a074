/**
 * The console's subscribers page at scale: 100,000 subscribers (SQLite, or PostgreSQL with
 * `--database postgres://...`), timed through the app as a browser would ask for it: the first
 * page, a deep keyset page, filters by status and category, and a search. The target is under
 * 200 ms for each. `tsx bench/console.ts --count 10000` for a quick run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase } from '../src/store/index.js';
import { consoleApp, signIn } from '../test/helpers/console-app.js';
import { consolePageTimer } from './lib/console-pages.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const count = Number(option('count') ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'gazette-bench-console-'));
const db = await openDatabase(option('database') ?? `sqlite:${join(dir, 'gazette.db')}`);
await migrateToLatest(db);

const statuses = [
  'confirmed',
  'confirmed',
  'confirmed',
  'pending',
  'unsubscribed',
  'bounced',
] as const;
const categories = [
  '[]',
  '["biz-updates"]',
  '["industrial-parks"]',
  '["biz-updates","industrial-parks"]',
];
const started = Date.now();
const now = Date.now();
for (let i = 0; i < count; i += 1000) {
  const rows = Array.from({ length: Math.min(1000, count - i) }, (_, k) => {
    const n = i + k;
    return {
      id: `b${String(n).padStart(7, '0')}`,
      // Spread over the alphabet, as real addresses are, not in insertion order.
      email: `${((n * 2654435761) % 4294967296).toString(36)}.${n}@example.org`,
      name: null,
      categories: categories[n % categories.length] as string,
      frequency: n % 5 === 0 ? ('weekly' as const) : ('daily' as const),
      status: statuses[n % statuses.length] as (typeof statuses)[number],
      created_at: now - (n % 60) * 86_400_000,
      updated_at: now,
    };
  });
  await db.kysely.insertInto('subscribers').values(rows).execute();
}
process.stdout.write(`seeded ${count} subscribers in ${Date.now() - started} ms (${db.dialect})\n`);

const gazette = await consoleApp(db, 'smtp://127.0.0.1:9');
const { cookie } = await signIn(gazette.app);
const time = consolePageTimer(gazette.app, cookie, /<tr><td><a href="\/console\/subscribers\//g);

const first = await time('first page', '/console/subscribers');
const last = /after=([^"&]+)/.exec(first)?.[1] ?? '';
await time('second page (keyset)', `/console/subscribers?after=${last}`);
await time('deep page (after "x")', '/console/subscribers?after=x');
await time('status=bounced', '/console/subscribers?status=bounced');
await time(
  'status=pending, category',
  '/console/subscribers?status=pending&category=industrial-parks',
);
await time('search "77."', '/console/subscribers?q=77.');
await time('search with no match', '/console/subscribers?q=nobody-at-all');
await time('dashboard', '/console/');

await gazette.close();
await db.close();
rmSync(dir, { recursive: true, force: true });
