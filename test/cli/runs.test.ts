import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliveryStore } from '../../src/store/index.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { createSqlite, type TestDatabase } from '../helpers/db.js';
import { planTestRun, seedSubscribers } from '../helpers/send-fixtures.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const SUBSCRIBERS = 60;

// Processes on SQLite; two workers on PostgreSQL share a pause in test/send/pause.test.ts.
describe('gazette runs pause, resume and cancel', () => {
  let test: TestDatabase;
  let smtp: TestSmtp;
  let dataDir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    test = await createSqlite();
    smtp = await startSmtp();
    dataDir = mkdtempSync(join(tmpdir(), 'gazette-data-'));
    env = {
      GAZETTE_DATABASE_URL: test.url,
      GAZETTE_SMTP_URL: smtp.url,
      GAZETTE_DATA_DIR: dataDir,
      GAZETTE_ARTICLES_DIR: 'articles',
      GAZETTE_SECRET: 'a-test-secret-of-enough-length',
      GAZETTE_FROM: 'Gazette <news@example.org>',
      GAZETTE_LOG_LEVEL: 'silent',
    };
  });
  afterEach(async () => {
    await smtp.close();
    await test.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a pause from one process stops the send in another; resume sends the rest once', async () => {
    await seedSubscribers(test.db, SUBSCRIBERS);
    const store = createDeliveryStore(test.db);
    // Five a second: the pause lands in the middle of the run.
    const sending = spawnCli(['send', '--force'], { ...env, GAZETTE_SEND_RATE: '5' });
    const exited = new Promise<number | null>((done) => sending.once('exit', done));
    await smtp.waitFor(3, 30_000);
    const runId = (await store.listRuns(1))[0]?.id ?? '';

    const paused = await runCli(['runs', 'pause', runId], env);
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout.trim()).toBe(runId);
    // The sending process notices within a heartbeat and ends, leaving the run unfinished.
    await exited;
    const atPause = smtp.received.length;
    expect(atPause).toBeLessThan(SUBSCRIBERS);
    const run = await store.getRun(runId);
    expect(run?.pausedAt).toBeInstanceOf(Date);
    expect(run?.finishedAt).toBeNull();
    const counts = await store.counts(runId);
    expect(counts.claimed + counts.sending).toBe(0);

    const show = await runCli(['runs', 'show', runId], env);
    // Times name their zone: `8 Dec 2026, 07:00 UTC`.
    expect(show.stdout).toMatch(/^paused_at: \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \S+$/m);
    const twice = await runCli(['runs', 'pause', runId], env);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('already paused');
    // Neither a new send nor a retry moves a paused run.
    const refused = await runCli(['send', '--force'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`run ${runId} of this kind is paused`);
    expect(smtp.received).toHaveLength(atPause);

    const resumed = await runCli(['runs', 'resume', runId], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await store.getRun(runId)).toMatchObject({ status: 'done', pausedAt: null });
    const recipients = smtp.received.map((message) => message.to);
    expect(recipients).toHaveLength(SUBSCRIBERS);
    expect(new Set(recipients).size).toBe(SUBSCRIBERS);
  }, 90_000);

  it('cancels an unfinished run, and says why it cannot act on others', async () => {
    await seedSubscribers(test.db, 3);
    const store = createDeliveryStore(test.db);
    const run = await planTestRun(test.db, ['a1']);
    const cancelled = await runCli(['runs', 'cancel', run.id], env);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stderr).toMatch(/cancelled: sent 0, skipped 3/);
    expect(await store.getRun(run.id)).toMatchObject({ status: 'cancelled', skipped: 3 });
    const again = await runCli(['runs', 'cancel', run.id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is cancelled; nothing to cancel');
    const missing = await runCli(['runs', 'pause', 'no-such-run'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no run no-such-run');
    expect(smtp.received).toHaveLength(0);
  }, 60_000);
});
