import { describe, expect, it } from 'vitest';
import { type SendEvent, send } from '../../src/send/index.js';
import { databases } from '../helpers/db.js';
import { freshDatabaseAndSmtp, sendDeps, sendRequest } from '../helpers/send-deps.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';

describe.each(databases)('adaptive sending on $name', ({ create }) => {
  const fixture = freshDatabaseAndSmtp(create);

  it('a server that answers 421 for a while: the rate halves, climbs back while it accepts, and every message arrives once', async () => {
    await seedSubscribers(fixture.test.db, 200);
    let refusals = 0;
    let refusingUntil = 0;
    fixture.smtp.setFault((stage) => {
      if (stage !== 'rcpt') return undefined;
      if (refusingUntil === 0 && fixture.smtp.received.length >= 40)
        refusingUntil = Date.now() + 150;
      if (Date.now() < refusingUntil) {
        refusals++;
        return { code: 421, message: '4.7.0 Too many messages, slow down' };
      }
      return undefined;
    });
    const rates: Extract<SendEvent, { type: 'rate' }>[] = [];
    const deps = sendDeps(fixture.test, fixture.smtp, {
      rate: 100,
      onEvent: (event) => {
        if (event.type === 'rate') rates.push(event);
      },
    });
    const [run] = await send(deps, sendRequest);
    expect(refusals).toBeGreaterThan(0);
    expect(run).toMatchObject({ status: 'done', sent: 200, failed: 0 });
    expect(fixture.smtp.received).toHaveLength(200);
    expect([...fixture.smtp.byMessageId().values()].every((n) => n === 1)).toBe(true);

    const slowest = Math.min(...rates.map((r) => r.perSecond));
    expect(rates[0]).toMatchObject({ reason: 'slowdown', perSecond: 50 });
    expect(slowest).toBeLessThanOrEqual(50);
    const later = rates.slice(rates.findIndex((r) => r.perSecond === slowest));
    expect(later.some((r) => r.reason !== 'slowdown' && r.perSecond > slowest)).toBe(true);
    await deps.close();
  });

  it('a 451 for one domain defers that domain with backoff while the others go out; its mail follows', async () => {
    const subscribers = await seedSubscribers(fixture.test.db, 120);
    // Every third subscriber is at a domain whose server turns mail away for a while.
    for (const [i, s] of subscribers.entries()) {
      if (i % 3 !== 0) continue;
      await fixture.test.db.kysely
        .updateTable('subscribers')
        .set({ email: `reader${i}@slow.example` })
        .where('id', '=', s.id)
        .execute();
    }
    const fast = subscribers.length - Math.ceil(subscribers.length / 3);
    let refused = 0;
    const order: string[] = [];
    fixture.smtp.setFault((stage, address) => {
      if (stage !== 'rcpt') {
        order.push(address.split('@')[1] ?? '');
        return undefined;
      }
      const fastDone = order.filter((d) => d === 'example.org').length >= fast;
      if (address.endsWith('@slow.example') && !fastDone) {
        refused++;
        return { code: 451, message: '4.3.2 System not accepting network messages' };
      }
      return undefined;
    });
    const deferred: Extract<SendEvent, { type: 'deferred' }>[] = [];
    const deps = sendDeps(fixture.test, fixture.smtp, {
      retry: { baseMs: 30, maxMs: 300, giveUpAfterMs: 3_600_000, pauseBaseMs: 5, pauseMaxMs: 50 },
      onEvent: (event) => {
        if (event.type === 'deferred') deferred.push(event);
      },
    });
    const [run] = await send(deps, sendRequest);
    expect(run).toMatchObject({ status: 'done', planned: 120, sent: 120, failed: 0 });
    expect([...fixture.smtp.byMessageId().values()].every((n) => n === 1)).toBe(true);
    expect(fixture.smtp.received).toHaveLength(120);
    // The other domain went out meanwhile, all of it before the deferred domain's mail.
    const lastFast = order.lastIndexOf('example.org');
    const firstSlow = order.indexOf('slow.example');
    expect(lastFast).toBe(fast - 1);
    expect(firstSlow).toBeGreaterThan(lastFast);
    // Held back as a domain: far fewer tries than its 40 deliveries, each deferral for it alone.
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(40);
    expect(new Set(deferred.map((d) => d.domain))).toEqual(new Set(['slow.example']));
    await deps.close();
  });
});
