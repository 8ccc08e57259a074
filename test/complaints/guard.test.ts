import { describe, expect, it } from 'vitest';
import { complaintGuard } from '../../src/app/complaint-guard.js';
import { createAddressTokens, handleInbound } from '../../src/bounces/index.js';
import { guardVerdict } from '../../src/complaints/index.js';
import { loadConfig } from '../../src/config.js';
import { RunInProgress, resumePaused, send } from '../../src/send/index.js';
import { createBounceStore } from '../../src/store/index.js';
import { abuseReport } from '../helpers/arf.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { freshDatabaseAndSmtp, sendDeps, sendRequest } from '../helpers/send-deps.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';

const SECRET = 'a-test-secret-of-enough-length';
const DOMAIN = 'example.org';
const silent = { warn() {} };

describe('the complaint-rate verdict', () => {
  const totals = (delivered: number, complaints: number) => ({
    delivered,
    complaints,
    hardBounces: 0,
  });
  it('holds a run over the threshold once it has delivered 1,000', () => {
    expect(guardVerdict(totals(1000, 4), 0.003)).toMatchObject({ hold: true });
    expect(guardVerdict(totals(1000, 3), 0.003)).toEqual({ hold: false });
    expect(guardVerdict(totals(999, 50), 0.003)).toEqual({ hold: false });
    expect(guardVerdict(totals(5000, 6), 0.001)).toMatchObject({
      hold: true,
      reason: 'complaint rate 0.12 % (6 of 5,000 delivered) passed GAZETTE_COMPLAINT_PAUSE 0.10 %',
    });
    expect(guardVerdict(totals(5000, 500), 0)).toEqual({ hold: false });
  });
});

/**
 * Complaints about a run's messages arrive while it sends (abuse reports, through the same code
 * the inbound listener runs): once the run has delivered 1,000 and passes 0.3 %, it pauses with
 * its reason, the next run of its frequency waits, and an operator's resume finishes it.
 */
describe.each(databases)('the complaint-rate guard on $name', ({ create }) => {
  const fixture = freshDatabaseAndSmtp(create);

  async function complain(test: TestDatabase, count: number, skip = 0) {
    const config = loadConfig({ GAZETTE_DATABASE_URL: test.url, GAZETTE_SECRET: SECRET });
    const tokens = createAddressTokens(SECRET, DOMAIN);
    const guard = complaintGuard(config, test.db, silent);
    const sent = await test.db.kysely
      .selectFrom('deliveries')
      .select('id')
      .where('status', '=', 'sent')
      .orderBy('id')
      .limit(count)
      .offset(skip)
      .execute();
    for (const { id } of sent) {
      const to = tokens.bounceAddress(Number(id)) ?? '';
      const report = abuseReport({ to, original: 'Subject: Your digest' });
      const deps = {
        tokens,
        store: createBounceStore(test.db),
        source: 'smtp' as const,
        onComplaint: guard.afterComplaint,
      };
      const [outcome] = await handleInbound(report, [to], deps, new Date());
      expect(outcome).toMatchObject({ kind: 'complained', recorded: true });
    }
  }

  it('a run that passes the threshold pauses itself; the next waits; a resume finishes it', async () => {
    const { test, smtp } = fixture;
    await seedSubscribers(test.db, 1200);
    let complaints: Promise<void> | undefined;
    const base = sendDeps(test, smtp, {
      heartbeatMs: 100,
      onEvent: (event) => {
        if (event.type === 'progress' && event.sent >= 1000) complaints ??= complain(test, 5);
      },
    });
    // Past 1,050 messages, each waits for the complaints to be in and a few heartbeats to pass,
    // so the run is still sending when the guard holds it, however fast this machine is.
    let handed = 0;
    let held: Promise<unknown> | undefined;
    const deps = {
      ...base,
      mailer: {
        concurrency: base.mailer.concurrency,
        close: () => base.mailer.close(),
        send: async (message: Parameters<typeof base.mailer.send>[0]) => {
          if (++handed > 1050) {
            held ??= (async () => {
              await complaints;
              await new Promise((resolve) => setTimeout(resolve, 500));
            })();
            await held;
          }
          return base.mailer.send(message);
        },
      },
    };
    try {
      const [run] = await send(deps, sendRequest);
      await complaints;
      expect(run?.pausedAt).not.toBeNull();
      expect(run?.pauseReason).toMatch(
        /^complaint rate 0\.\d+ % \([45] of 1,\d{3} delivered\) passed GAZETTE_COMPLAINT_PAUSE 0\.30 %$/,
      );
      expect(run?.status).not.toBe('done');
      const held = await deps.store.counts(run?.id ?? '');
      expect(held.queued).toBeGreaterThan(0);

      // The next run of that frequency (scheduled or not) waits for an operator.
      await expect(send(deps, sendRequest)).rejects.toBeInstanceOf(RunInProgress);

      const resumed = await resumePaused(deps, run?.id ?? '');
      expect(resumed).toMatchObject({
        status: 'done',
        sent: 1200,
        pausedAt: null,
        pauseReason: null,
      });
      // The guard holds a run once: the operator's resume is not undone by the next complaint.
      await complain(test, 6, 5);
      expect((await deps.store.getRun(run?.id ?? ''))?.pausedAt).toBeNull();
    } finally {
      await base.close();
    }
  });

  it('a finished run that passes the threshold later holds the next run until it is resumed', async () => {
    const { test, smtp } = fixture;
    await seedSubscribers(test.db, 1000);
    const deps = sendDeps(test, smtp);
    try {
      const [run] = await send(deps, sendRequest);
      expect(run).toMatchObject({ status: 'done', sent: 1000 });
      await complain(test, 3);
      expect((await deps.store.getRun(run?.id ?? ''))?.pausedAt).toBeNull();
      await complain(test, 1, 3);
      const held = await deps.store.getRun(run?.id ?? '');
      expect(held).toMatchObject({ status: 'done', pauseReason: expect.stringMatching(/0\.40 %/) });
      await expect(send(deps, sendRequest)).rejects.toThrow(/paused; resume it/);
      expect(await resumePaused(deps, run?.id ?? '')).toMatchObject({ status: 'done', sent: 1000 });
      // Released: the next run plans (nothing new to send, so it is done at once).
      const [next] = await send(deps, sendRequest);
      expect(next?.id).not.toBe(run?.id);
    } finally {
      await deps.close();
    }
  });
});
