import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeRun } from '../../src/send/index.js';
import { createDeliveryStore } from '../../src/store/index.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { createSqlite, type TestDatabase } from '../helpers/db.js';
import { cliSendEnv } from '../helpers/send-deps.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const POOL = 5;

describe('a worker killed while messages are on the wire', () => {
  let test: TestDatabase;
  let smtp: TestSmtp;
  let dataDir: string;

  beforeEach(async () => {
    test = await createSqlite();
    smtp = await startSmtp();
    dataDir = mkdtempSync(join(tmpdir(), 'gazette-data-'));
  });
  afterEach(async () => {
    await smtp.close();
    await test.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves them unknown; `runs retry` leaves them alone, `runs retry --unknown` sends exactly those', async () => {
    const env = cliSendEnv(test, smtp, dataDir, POOL);
    await seedSubscribers(test.db, 300);
    smtp.setDelay(5);
    const child = spawnCli(['send'], env);
    await smtp.waitFor(60, 30_000);
    // The server stops answering: every connection has a message on the wire, none is answered.
    smtp.setDelay(600_000);
    const store = createDeliveryStore(test.db);
    const [run] = await store.listRuns(1);
    const runId = run?.id ?? '';
    // Settled: each lane has one message unanswered, and nothing else arrives.
    let seen = -1;
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const sending = (await store.counts(runId)).sending;
      if (sending === POOL && smtp.received.length === seen) break;
      seen = smtp.received.length;
    }
    expect((await store.counts(runId)).sending).toBe(POOL);
    child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    const before = smtp.received.length;
    smtp.setDelay(0);

    // Once its heartbeat is stale, the dead worker's rows are swept: in flight, unknown.
    await new Promise((r) => setTimeout(r, 3_200));
    const swept = await store.sweep(runId, new Date(), 3_000);
    expect(swept.unknown).toBe(POOL);
    const report = await describeRun(store, runId);
    expect(report).toMatchObject({ counts: { unknown: POOL, sending: 0, claimed: 0 } });
    const unknownIds = await test.db.kysely
      .selectFrom('deliveries')
      .select('message_id')
      .where('run_id', '=', runId)
      .where('status', '=', 'unknown')
      .execute();

    const plain = await runCli(['runs', 'retry', runId], env);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toContain('--unknown');
    expect(smtp.received).toHaveLength(before);

    const shown = await runCli(['runs', 'show', runId], env);
    expect(shown.stdout).toContain(`unknown: ${POOL}`);

    const retried = await runCli(['runs', 'retry', runId, '--unknown'], env);
    expect(retried.code, retried.stderr).toBe(0);
    const resent = smtp.received.slice(before).map((r) => r.messageId);
    expect(resent.sort()).toEqual(unknownIds.map((r) => r.message_id).sort());
    const after = await describeRun(store, runId);
    expect(after).toMatchObject({ counts: { unknown: 0 }, inDoubt: POOL });
    expect(after?.counts.queued).toBeGreaterThan(0);
    expect(after?.status).not.toBe('done');

    // The run's other work is for `gazette send` (or `runs resume`): everyone, sent ones never again.
    const resumed = await runCli(['send'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(smtp.byMessageId().size).toBe(300);
    const final = await describeRun(store, runId);
    expect(final).toMatchObject({ status: 'done', sent: 300, inDoubt: POOL });
  }, 90_000);
});
