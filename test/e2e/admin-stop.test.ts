import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/index.js';
import { createSqlite, type TestDatabase } from '../helpers/db.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';
import { type ServeProcess, startServe } from '../helpers/serve.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const TOKEN = 'admin-token-for-tests-0123';
const SUBSCRIBERS = 300;

describe('admin API, metrics and SIGTERM on a real worker', () => {
  let test: TestDatabase;
  let smtp: TestSmtp;
  let dir: string;
  const workers: ServeProcess[] = [];

  beforeEach(async () => {
    test = await createSqlite();
    smtp = await startSmtp();
    dir = mkdtempSync(join(tmpdir(), 'gazette-admin-'));
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    await smtp.close();
    await test.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = () => ({
    GAZETTE_DATABASE_URL: test.url,
    GAZETTE_SMTP_URL: smtp.url,
    GAZETTE_SMTP_POOL: '2',
    GAZETTE_DATA_DIR: join(dir, 'data'),
    GAZETTE_SECRET: 'a-test-secret-of-enough-length',
    GAZETTE_FROM: 'Gazette <news@example.org>',
    GAZETTE_ADMIN_TOKEN: TOKEN,
    // No slot in reach: only the operator sends here.
    GAZETTE_CATCHUP_HOURS: '0',
    GAZETTE_DAILY_CRON: '0 0 1 1 *',
    GAZETTE_WEEKLY_CRON: '0 0 1 1 *',
  });

  const admin = (worker: ServeProcess, path: string, init: RequestInit = {}) =>
    fetch(`${worker.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers as Record<string, string>) },
    });

  it('refuses bad tokens, dry-runs, counts sends, and a SIGTERM mid-run leaves a run that resumes', async () => {
    await seedSubscribers(test.db, SUBSCRIBERS);
    const worker = await startServe(env());
    workers.push(worker);

    // No token, a wrong one, the right one as a cookie or in the wrong scheme: all 401.
    expect((await fetch(`${worker.url}/admin/runs`)).status).toBe(401);
    const refused: Record<string, string>[] = [
      { authorization: 'Bearer wrong-token-of-some-length' },
      { authorization: `Basic ${TOKEN}` },
      { cookie: `token=${TOKEN}; session=${TOKEN}` },
    ];
    for (const headers of refused) {
      const response = await fetch(`${worker.url}/admin/sends`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{"dryRun":false}',
      });
      expect(response.status).toBe(401);
    }
    expect(smtp.received).toHaveLength(0);

    const dry = await admin(worker, '/admin/sends', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gazette-operator': 'alice' },
      body: JSON.stringify({ frequency: 'daily', categories: [], dryRun: true }),
    });
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({ dryRun: true, planned: SUBSCRIBERS, sent: 0 });
    expect(await worker.metric('gazette_deliveries_sent_total')).toBe(0);

    smtp.setDelay(15);
    const started = await admin(worker, '/admin/sends', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ frequency: 'daily' }),
    });
    expect(started.status).toBe(202);
    const run = (await started.json()) as { id: string; planned: number; status: string };
    expect(run).toMatchObject({ planned: SUBSCRIBERS, status: 'planned' });

    await smtp.waitFor(40, 10_000);
    await expect.poll(() => worker.metric('gazette_deliveries_sent_total')).toBeGreaterThan(0);
    const progress = (await (await admin(worker, `/admin/runs/${run.id}`)).json()) as {
      status: string;
      progress: number;
    };
    expect(progress.status).toBe('sending');
    expect(progress.progress).toBeGreaterThan(0);

    const stopping = Date.now();
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(10_000);
    const atStop = smtp.received.length;
    expect(atStop).toBeLessThan(SUBSCRIBERS);
    // Nothing left claimed: every accepted message recorded, every other one back to pending.
    const inFlight = await test.db.kysely
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'sending')
      .executeTakeFirst();
    expect(Number(inFlight?.n)).toBe(0);
    const sentRows = await test.db.kysely
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'sent')
      .executeTakeFirst();
    expect(Number(sentRows?.n)).toBe(atStop);

    // The next start resumes it to completion, each digest once.
    smtp.setDelay(0);
    const again = await startServe(env());
    workers.push(again);
    await smtp.waitFor(SUBSCRIBERS, 15_000);
    await expect
      .poll(
        async () =>
          ((await (await admin(again, `/admin/runs/${run.id}`)).json()) as { status: string })
            .status,
        {
          timeout: 10_000,
        },
      )
      .toBe('done');
    expect(smtp.byMessageId().size).toBe(SUBSCRIBERS);
    expect(smtp.received).toHaveLength(SUBSCRIBERS);
    const runs = (await (await admin(again, '/admin/runs')).json()) as { id: string }[];
    expect(runs.map((r) => r.id)).toEqual([run.id]);

    const audit = await listAudit(test.db, 20);
    expect(audit.map((a) => a.action)).toContain('sends.create');
    const dryEntry = audit.find((a) => a.detail?.dryRun === true);
    expect(dryEntry?.actor).toMatch(/^alice \(token [0-9a-f]{12}\)$/);
    expect(JSON.stringify(audit)).not.toContain(TOKEN);
    // No log line carries the token.
    expect(JSON.stringify([...worker.logs, ...again.logs])).not.toContain(TOKEN);
  }, 60_000);
});
