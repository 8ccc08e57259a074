import { describe, expect, it } from 'vitest';
import { describeRun, retryRun, send } from '../../src/send/index.js';
import { databases } from '../helpers/db.js';
import { freshDatabaseAndSmtp, sendDeps, sendRequest } from '../helpers/send-deps.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';

describe.each(databases)('outcomes and retries on $name', ({ create }) => {
  const fixture = freshDatabaseAndSmtp(create);

  it('soft failures retry with backoff and then fail, 5xx bounce at once; the report lists both; a retry re-sends only the failed', async () => {
    await seedSubscribers(fixture.test.db, 30);
    const tries = new Map<string, number>();
    fixture.smtp.setFault((stage, address) => {
      if (stage !== 'rcpt') return undefined;
      tries.set(address, (tries.get(address) ?? 0) + 1);
      if (address === 'user4@example.org') return { code: 452, message: '4.2.2 Mailbox full' };
      if (address === 'user9@example.org') return { code: 550, message: '5.1.1 No such user' };
      return undefined;
    });
    // A full mailbox (4.2.2) defers that address alone: the rest of its domain goes out.
    const deps = sendDeps(fixture.test, fixture.smtp, {
      retry: { baseMs: 10, maxMs: 40, giveUpAfterMs: 1_000, pauseBaseMs: 5, pauseMaxMs: 50 },
    });
    const [run] = await send(deps, sendRequest);
    expect(run).toMatchObject({ status: 'done', planned: 30, sent: 28, failed: 2 });
    expect(tries.get('user4@example.org')).toBeGreaterThan(2);
    expect(tries.get('user9@example.org')).toBe(1);

    const report = await describeRun(deps.store, run?.id ?? '');
    expect(report?.counts).toMatchObject({ sent: 28, failed: 1, bounced: 1, queued: 0 });
    expect(report?.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ email: 'user4@example.org', status: 'failed', code: 452 }),
        expect.objectContaining({ email: 'user9@example.org', status: 'bounced', code: 550 }),
      ]),
    );
    // The report is plain data (the admin API answers it as JSON).
    expect(JSON.parse(JSON.stringify(report))).toMatchObject({ counts: { failed: 1 } });

    fixture.smtp.setFault(undefined);
    const received = fixture.smtp.received.length;
    const retried = await retryRun(deps, run?.id ?? '', { unknown: false });
    expect(retried).toMatchObject({ status: 'done', sent: 29, failed: 1 });
    expect(fixture.smtp.received.slice(received).map((r) => r.to)).toEqual(['user4@example.org']);
    await deps.close();
  });
});
