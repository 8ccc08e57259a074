import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCron, slotsBetween } from '../../src/schedule/index.js';
import { createPostgres, createSqlite, databases, type TestDatabase } from '../helpers/db.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';
import { type ServeProcess, startServe } from '../helpers/serve.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { seedArticle } from '../helpers/store-files.js';

const hasPostgres = databases.some((d) => d.name === 'postgres');
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduled sends with real worker processes', () => {
  let test: TestDatabase | undefined;
  let smtp: TestSmtp;
  let dir: string;
  let articles: string;
  const workers: ServeProcess[] = [];

  beforeEach(async () => {
    smtp = await startSmtp();
    dir = mkdtempSync(join(tmpdir(), 'gazette-schedule-'));
    articles = join(dir, 'articles');
    writeArticle('one.txt', 'First story');
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    await smtp.close();
    await test?.drop();
    test = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  function writeArticle(file: string, title: string) {
    mkdirSync(articles, { recursive: true });
    writeFileSync(
      join(articles, file),
      seedArticle({ crumb: 'Home>Biz updates', title, date: '2024-06-21' }),
    );
  }

  function env(db: TestDatabase, cron: string): Record<string, string> {
    return {
      GAZETTE_DATABASE_URL: db.url,
      GAZETTE_SMTP_URL: smtp.url,
      GAZETTE_SMTP_POOL: '2',
      GAZETTE_DATA_DIR: join(dir, 'data'),
      GAZETTE_ARTICLES_DIR: articles,
      GAZETTE_SECRET: 'a-test-secret-of-enough-length',
      GAZETTE_FROM: 'Gazette <news@example.org>',
      GAZETTE_TIMEZONE: 'UTC',
      GAZETTE_DAILY_CRON: cron,
      GAZETTE_ADMIN_TOKEN: 'admin-token-for-tests-0123',
    };
  }

  function perAddress(): Map<string, string[]> {
    const seen = new Map<string, string[]>();
    for (const r of smtp.received) seen.set(r.to, [...(seen.get(r.to) ?? []), r.raw]);
    return seen;
  }

  it.skipIf(!hasPostgres)(
    'two workers on PostgreSQL: one digest per slot with new content, none without',
    async () => {
      test = await createPostgres();
      const subscribers = await seedSubscribers(test.db, 6);
      const e = env(test, '*/3 * * * * *');
      workers.push(...(await Promise.all([startServe(e), startServe(e)])));
      await smtp.waitFor(6, 15_000);
      await wait(4000); // another slot, nothing new in it
      expect(smtp.received).toHaveLength(6);

      writeArticle('two.txt', 'Second story');
      await smtp.waitFor(12, 15_000);
      await wait(4000);
      expect(smtp.received).toHaveLength(12);
      for (const s of subscribers) {
        const [first, second] = perAddress().get(s.email) ?? [];
        expect(first).toContain('First story');
        expect(second).toContain('Second story');
        expect(second).not.toContain('First story');
      }
      expect(smtp.byMessageId().size).toBe(12);

      // Every slot is one key with one run; both workers took part.
      const slots = await test.db.kysely.selectFrom('schedule_slots').selectAll().execute();
      expect(slots.length).toBeGreaterThanOrEqual(3);
      expect(new Set(slots.map((s) => s.run_id)).size).toBe(slots.length);
      const sending = await test.db.kysely
        .selectFrom('send_runs')
        .select(['id', 'planned'])
        .where('planned', '>', 0)
        .execute();
      expect(sending).toHaveLength(2);
      const sent = await Promise.all(workers.map((w) => w.metric('gazette_deliveries_sent_total')));
      expect(sent.reduce((a, b) => a + b, 0)).toBe(12);
    },
    60_000,
  );

  it('a worker killed between two slots catches up the missed slot once when restarted', async () => {
    test = await createSqlite();
    const subscribers = await seedSubscribers(test.db, 3);
    const cron = '*/6 * * * * *';
    const e = env(test, cron);
    const first = await startServe(e);
    workers.push(first);
    await smtp.waitFor(3, 15_000);
    // Between two slots: the first slot's run is recorded done (a kill mid-run is the send
    // tests' business: at-least-once, doubles bounded by the pool).
    await expect
      .poll(() => first.logs.some((l) => l.msg === 'run finished' && l.sent === 3), {
        timeout: 5000,
      })
      .toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;

    writeArticle('two.txt', 'Missed story');
    // Let the next slot pass with no worker up.
    const killedAt = new Date();
    const [missed] = slotsBetween(parseCron(cron), 'UTC', killedAt, new Date(Date.now() + 7000));
    await wait((missed?.getTime() ?? Date.now()) - Date.now() + 300);

    const restarting = new Date();
    const second = await startServe(e);
    workers.push(second);
    await smtp.waitFor(6, 15_000);
    await wait(7000); // the next slot comes and has nothing new
    expect(smtp.received).toHaveLength(6);
    for (const s of subscribers) expect(perAddress().get(s.email)?.[1]).toContain('Missed story');
    // The slot caught up is one that came while no worker was up (the restart itself takes a
    // few seconds, so it may be a later one than the first missed).
    const caughtUp = second.logs.filter((l) => l.msg === 'catching up a slot');
    expect(caughtUp).toHaveLength(1);
    const slotAt = Date.parse(String(caughtUp[0]?.slot));
    expect(slotAt).toBeGreaterThan(killedAt.getTime());
    expect(slotAt).toBeGreaterThanOrEqual(missed?.getTime() ?? 0);
    const row = await test.db.kysely
      .selectFrom('schedule_slots')
      .innerJoin('send_runs', 'send_runs.id', 'schedule_slots.run_id')
      .select(['send_runs.planned', 'send_runs.status'])
      .where('slot_at', '=', slotAt)
      .executeTakeFirst();
    expect(row).toEqual({ planned: 3, status: 'done' });
    expect(restarting.getTime()).toBeGreaterThan(missed?.getTime() ?? 0);
  }, 60_000);
});
