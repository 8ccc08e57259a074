import { describe, expect, it } from 'vitest';
import { DomainDeferrals } from '../../src/send/domains.js';
import type { DomainHold } from '../../src/send/index.js';

const policy = {
  baseMs: 1000,
  maxMs: 60_000,
  giveUpAfterMs: 3_600_000,
  pauseBaseMs: 5,
  pauseMaxMs: 50,
};

describe('domain holds shared between workers', () => {
  it('a hold written while the shared holds were read is not dropped by that older read', async () => {
    const written: DomainHold[] = [];
    const domains = new DomainDeferrals(policy, {
      hold: async (hold) => {
        written.push(hold);
      },
      release: async () => {},
    });
    const now = new Date('2024-06-21T07:00:00Z');
    let answer: (holds: DomainHold[]) => void = () => {};
    // The read starts, and answers with what the store held then: nothing.
    const merged = domains.merge(() => new Promise((resolve) => (answer = resolve)));
    const until = domains.defer('slow.test', now);
    await Promise.resolve(); // the hold's write is done before the read answers
    expect(written).toHaveLength(1);
    answer([]);
    await merged;
    expect(domains.until('slow.test', now)).toEqual(until);
    // The next read sees the hold gone (another worker saw the domain accept): it is let go.
    await domains.merge(async () => []);
    expect(domains.until('slow.test', now)).toBeNull();
  });

  it('takes in the holds other workers wrote', async () => {
    const domains = new DomainDeferrals(policy);
    const now = new Date('2024-06-21T07:00:00Z');
    const until = new Date(now.getTime() + 5000);
    await domains.merge(async () => [{ domain: 'busy.test', until, failures: 2 }]);
    expect(domains.until('busy.test', now)).toEqual(until);
  });
});
