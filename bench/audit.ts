/**
 * The console's audit log page at scale: 300,000 entries (SQLite, or PostgreSQL with
 * `--database postgres://...`), timed through the app as a browser would ask for it: the first
 * page, a deep keyset page, and each filter, on its own and deep. Most entries are a script
 * polling the admin API, as on a real server; a few actions are rare, which is what a filter
 * has to find. The target is under 200 ms for each. `tsx bench/audit.ts --count 30000` for a
 * quick run.
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
const count = Number(option('count') ?? 300_000);
const dir = mkdtempSync(join(tmpdir(), 'gazette-bench-audit-'));
const db = await openDatabase(option('database') ?? `sqlite:${join(dir, 'gazette.db')}`);
await migrateToLatest(db);

const MONITOR = 'monitor (token 3f9a1c2b)';
/** One entry: mostly polling, some console work, a few refusals, rarely an erasure. */
function entry(n: number) {
  const roll = n % 1000;
  const [actor, action, status] =
    roll < 700
      ? [MONITOR, 'runs.list', 200]
      : roll < 850
        ? [MONITOR, 'runs.show', 200]
        : roll < 950
          ? ['console', roll % 2 ? 'console.sign-in' : 'send.dry-run', 303]
          : roll < 999
            ? ['console', 'send.start', roll % 3 ? 403 : 429]
            : ['console', 'subscribers.erase', 303];
  return {
    // About one a minute over the last 200 days; a few share their millisecond.
    at: Date.now() - (count - n) * 57_000 - (n % 7 === 0 ? 0 : n % 13),
    actor,
    action,
    target: null,
    status,
    detail: JSON.stringify({ limit: 20 }),
    ip: '192.0.2.10',
    user_agent: 'curl/8.5.0',
  };
}

const started = Date.now();
for (let i = 0; i < count; i += 1000) {
  const rows = Array.from({ length: Math.min(1000, count - i) }, (_, k) => entry(i + k));
  await db.kysely.insertInto('admin_audit').values(rows).execute();
}
if (db.raw.dialect === 'postgres') await db.raw.pool.query('analyze admin_audit');
process.stdout.write(
  `seeded ${count} audit entries in ${Date.now() - started} ms (${db.dialect})\n`,
);

const gazette = await consoleApp(db, 'smtp://127.0.0.1:9');
const { cookie } = await signIn(gazette.app);
const time = consolePageTimer(gazette.app, cookie, /<td class="when">/g);
// A cursor in the middle of the table: the page a long walk back would reach.
const middle = await db.kysely
  .selectFrom('admin_audit')
  .select(['at', 'id'])
  .where('id', '=', Math.floor(count / 2))
  .executeTakeFirstOrThrow();
const deep = `before=${middle.at}.${middle.id}`;

const first = await time('first page', '/console/audit');
const next = /rel="next" href="\/console\/audit\?([^"]+)"/.exec(first)?.[1]?.replace(/&amp;/g, '&');
await time('second page (keyset)', `/console/audit?${next}`);
await time('deep page', `/console/audit?${deep}`);
await time('action=send.dry-run', '/console/audit?action=send.dry-run');
await time('action=subscribers.erase (rare)', '/console/audit?action=subscribers.erase');
await time('  deep', `/console/audit?action=subscribers.erase&${deep}`);
await time('action with no entry', '/console/audit?action=nothing.at-all');
await time('actor=console', '/console/audit?actor=console');
await time('  deep', `/console/audit?actor=console&${deep}`);
await time('actor with no entry', '/console/audit?actor=nobody');
await time('outcome=refused', '/console/audit?outcome=refused');
await time('  deep', `/console/audit?outcome=refused&${deep}`);
await time(
  'refused console send.start',
  '/console/audit?actor=console&action=send.start&outcome=refused',
);

await gazette.close();
await db.close();
rmSync(dir, { recursive: true, force: true });
