import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/articles/index.js';
import { deliveryMessageId } from '../../src/send/index.js';
import { createDeliveryStore } from '../../src/store/index.js';
import { spawnCli } from '../helpers/cli.js';
import { createPostgres, createSqlite, databases, type TestDatabase } from '../helpers/db.js';
import { cliSendEnv } from '../helpers/send-deps.js';
import { planTestRun, seedSubscribers } from '../helpers/send-fixtures.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const POOL = 5;

function exited(
  child: ChildProcess,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('crash and scale-out with real processes', () => {
  let test: TestDatabase | undefined;
  let smtp: TestSmtp;
  let dataDir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    smtp = await startSmtp();
    dataDir = mkdtempSync(join(tmpdir(), 'gazette-data-'));
  });
  afterEach(async () => {
    await smtp.close();
    await test?.drop();
    test = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const envFor = (db: TestDatabase) => cliSendEnv(db, smtp, dataDir, POOL);

  it('a send killed with SIGKILL mid-run is resumed by the next send: everyone at least once, doubles within the pool', async () => {
    test = await createSqlite();
    env = envFor(test);
    const subscribers = await seedSubscribers(test.db, 400);
    smtp.setDelay(10);
    const first = spawnCli(['send'], env);
    const firstExit = exited(first);
    await smtp.waitFor(100, 20_000);
    first.kill('SIGKILL');
    await firstExit;
    const atKill = smtp.received.length;
    expect(atKill).toBeLessThan(400);

    smtp.setDelay(0);
    const started = Date.now();
    const second = await exited(spawnCli(['send'], env));
    expect(second.code, second.stderr).toBe(0);
    // Resumed at once: the dead worker's claims are swept after a few seconds of silence, not a long lease.
    expect(Date.now() - started).toBeLessThan(15_000);

    const perAddress = new Map<string, number>();
    for (const r of smtp.received) perAddress.set(r.to, (perAddress.get(r.to) ?? 0) + 1);
    for (const s of subscribers) expect(perAddress.get(s.email) ?? 0).toBeGreaterThanOrEqual(1);
    const doubles = smtp.received.length - subscribers.length;
    expect(doubles).toBeLessThanOrEqual(POOL);
    // A double carries the same Message-ID: recognisable.
    expect(smtp.byMessageId().size).toBe(subscribers.length);

    const store = createDeliveryStore(test.db);
    const runs = await store.listRuns(10);
    expect(runs.map((r) => r.status)).toEqual(['done', 'done']);
    const resumed = runs[1];
    expect(resumed).toMatchObject({ planned: 400, sent: 400 });
    expect(second.stdout).toContain(resumed?.id);
  }, 60_000);

  it.skipIf(!databases.some((d) => d.name === 'postgres'))(
    'two worker processes on PostgreSQL send one run: every delivery exactly once',
    async () => {
      test = await createPostgres();
      env = envFor(test);
      await seedSubscribers(test.db, 1000);
      const { articles } = await loadArticles('articles', { timezone: 'Asia/Shanghai' });
      const articleIds = articles.map((a) => a.id);
      const store = createDeliveryStore(test.db);
      const run = await planTestRun(test.db, articleIds, deliveryMessageId('example.org'));
      smtp.setDelay(8);
      const results = await Promise.all([
        exited(spawnCli(['runs', 'resume', run.id], env)),
        exited(spawnCli(['runs', 'resume', run.id], env)),
      ]);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      const counts = smtp.byMessageId();
      expect(counts.size).toBe(1000);
      expect(smtp.received).toHaveLength(1000);
      const workers = await test.db.kysely
        .selectFrom('deliveries')
        .select(['claimed_by', (eb) => eb.fn.countAll<number>().as('n')])
        .where('run_id', '=', run.id)
        .groupBy('claimed_by')
        .execute();
      expect(workers).toHaveLength(2);
      expect(await store.getRun(run.id)).toMatchObject({ status: 'done', sent: 1000 });
    },
    60_000,
  );
});
