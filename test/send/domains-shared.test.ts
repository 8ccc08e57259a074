import { describe, expect, it } from 'vitest';
import { planRun, resume } from '../../src/send/index.js';
import { databases } from '../helpers/db.js';
import { freshDatabaseAndSmtp, sendDeps, sendRequest } from '../helpers/send-deps.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';
import { until } from '../helpers/wait.js';

describe.each(databases)('a domain held back on $name', ({ create }) => {
  const fixture = freshDatabaseAndSmtp(create);

  it('one worker’s 4xx holds the domain back for the others too; an accepted message frees it', async () => {
    // Alternating domains, the slow one first: the first worker meets its refusal at once.
    await seedSubscribers(fixture.test.db, 12, {
      email: (i) => `reader${i}@${i % 2 === 0 ? 'slow.test' : 'ok.test'}`,
    });
    const tries = new Map<string, number>();
    let refusing = true;
    fixture.smtp.setFault((stage, address) => {
      if (stage !== 'rcpt' || !address.endsWith('@slow.test')) return undefined;
      tries.set(address, (tries.get(address) ?? 0) + 1);
      return refusing ? { code: 451, message: '4.3.0 Try again later' } : undefined;
    });
    const abort = new AbortController();
    const options = {
      pool: 1,
      batchSize: 2,
      heartbeatMs: 50,
      rate: 20,
      signal: abort.signal,
      // Held for a minute: nothing to the domain again within the test.
      retry: {
        baseMs: 60_000,
        maxMs: 60_000,
        giveUpAfterMs: 3_600_000,
        pauseBaseMs: 5,
        pauseMaxMs: 50,
      },
    };
    const first = sendDeps(fixture.test, fixture.smtp, options);
    const second = sendDeps(fixture.test, fixture.smtp, options);
    const run = await planRun({
      store: first.store,
      input: { ...sendRequest, now: first.clock(), windowStart: null },
      select: first.select,
      messageDomain: first.messageDomain,
    });
    const working = [resume(first, run.id)];
    await until(async () => (await first.store.heldDomains()).length > 0);
    // The second worker starts after the refusal and has never seen the domain refuse.
    working.push(resume(second, run.id));
    await until(() => fixture.smtp.received.filter((m) => m.to.endsWith('@ok.test')).length === 6);
    abort.abort();
    await Promise.all(working);

    expect([...tries.values()].reduce((a, b) => a + b, 0)).toBe(1);
    expect((await first.store.counts(run.id)).deferred).toBe(6);
    const [hold] = await first.store.heldDomains();
    expect(hold).toMatchObject({ domain: 'slow.test', failures: 1 });

    // The domain accepts again: the worker that sends there frees it for everyone.
    refusing = false;
    const later = sendDeps(fixture.test, fixture.smtp, {
      pool: 1,
      heartbeatMs: 50,
      clock: () => new Date(first.clock().getTime() + 61_000),
    });
    await resume(later, run.id);
    expect(await first.store.heldDomains()).toEqual([]);
    expect(fixture.smtp.received).toHaveLength(12);
    await Promise.all([first.close(), second.close(), later.close()]);
  });
});
