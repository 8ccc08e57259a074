import { describe, expect, it } from 'vitest';
import {
  planRun,
  RunInProgress,
  RunPaused,
  resume,
  resumePaused,
  retryRun,
  send,
} from '../../src/send/index.js';
import { databases } from '../helpers/db.js';
import { freshDatabaseAndSmtp, sendDeps, sendRequest } from '../helpers/send-deps.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';
import { until } from '../helpers/wait.js';

const SUBSCRIBERS = 120;

describe.each(databases)('an operator pause on $name', ({ create }) => {
  const fixture = freshDatabaseAndSmtp(create);

  it('stops every worker on the run, holds its frequency, and a resume sends each rest once', async () => {
    await seedSubscribers(fixture.test.db, SUBSCRIBERS);
    // Two workers with their own pool and store handle, as two processes would have.
    const slow = { rate: 60, heartbeatMs: 100, batchSize: 10 };
    const first = sendDeps(fixture.test, fixture.smtp, slow);
    const second = sendDeps(fixture.test, fixture.smtp, slow);
    const run = await planRun({
      store: first.store,
      input: { ...sendRequest, now: first.clock(), windowStart: null },
      select: first.select,
      messageDomain: first.messageDomain,
    });
    expect(run.planned).toBe(SUBSCRIBERS);

    const working = [resume(first, run.id), resume(second, run.id)];
    await until(() => fixture.smtp.received.length >= 20);
    expect(await first.store.pauseRun(run.id, first.clock())).toBe(true);
    expect(await first.store.pauseRun(run.id, first.clock())).toBe(false);
    const [a, b] = await Promise.all(working);
    expect(a?.status).toBe('sending');
    expect(b?.pausedAt).toBeInstanceOf(Date);

    // Nothing is held and nothing more goes out while the run is paused.
    const atPause = await first.store.counts(run.id);
    expect(atPause.claimed + atPause.sending).toBe(0);
    expect(atPause.sent).toBeLessThan(SUBSCRIBERS);
    const sentAtPause = fixture.smtp.received.length;
    expect(sentAtPause).toBe(atPause.sent);

    // Automatic paths leave it alone: a resume returns at once, a new send is refused.
    const again = await resume(second, run.id);
    expect(again.pausedAt).not.toBeNull();
    await expect(send(first, sendRequest)).rejects.toSatisfy(
      (error) => error instanceof RunInProgress && error.paused && error.runId === run.id,
    );
    await expect(retryRun(first, run.id, { unknown: false })).rejects.toBeInstanceOf(RunPaused);
    await new Promise((done) => setTimeout(done, 400));
    expect(fixture.smtp.received.length).toBe(sentAtPause);

    // The operator resumes: everyone else gets theirs, nobody a second copy.
    const done = await resumePaused({ ...first, rate: 0 }, run.id);
    expect(done).toMatchObject({ status: 'done', sent: SUBSCRIBERS, pausedAt: null });
    const recipients = fixture.smtp.received.map((message) => message.to);
    expect(recipients).toHaveLength(SUBSCRIBERS);
    expect(new Set(recipients).size).toBe(SUBSCRIBERS);
    await first.close();
    await second.close();
  });

  it('a paused run can be cancelled, and a finished run cannot be paused', async () => {
    await seedSubscribers(fixture.test.db, 5);
    const deps = sendDeps(fixture.test, fixture.smtp);
    const run = await planRun({
      store: deps.store,
      input: { ...sendRequest, now: deps.clock(), windowStart: null },
      select: deps.select,
      messageDomain: deps.messageDomain,
    });
    expect(await deps.store.pauseRun(run.id, deps.clock())).toBe(true);
    expect(await deps.store.cancelRun(run.id, deps.clock())).toBe(true);
    const cancelled = await deps.store.getRun(run.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', pausedAt: null });
    expect(fixture.smtp.received).toHaveLength(0);

    const [finished] = await send(deps, sendRequest);
    expect(finished?.status).toBe('done');
    expect(await deps.store.pauseRun(finished?.id ?? '', deps.clock())).toBe(false);
    expect(await deps.store.unpauseRun(finished?.id ?? '')).toBe(false);
    await deps.close();
  });
});
