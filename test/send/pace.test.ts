import { describe, expect, it } from 'vitest';
import { createPace } from '../../src/send/index.js';

describe('the adaptive send rate', () => {
  it('halves on "slow down" at most once a second, climbs back while mail is accepted, up to the ceiling', () => {
    let now = 0;
    const changes: number[] = [];
    const pace = createPace({
      ceiling: 40,
      adaptive: true,
      now: () => now,
      onChange: (perSecond) => changes.push(perSecond),
    });
    expect(pace.delay()).toBe(0);
    expect(pace.delay()).toBe(25);
    pace.slowDown();
    pace.slowDown();
    expect(pace.perSecond).toBe(20);
    now += 1_000;
    pace.slowDown();
    expect(pace.perSecond).toBe(10);
    for (let i = 0; i < 300; i++) pace.accepted();
    expect(pace.perSecond).toBe(40);
    expect(changes[0]).toBe(20);
    expect(changes.at(-1)).toBe(40);
  });

  it('with no ceiling, slows to half the rate seen and lifts the limit once back there', () => {
    let now = 0;
    const pace = createPace({ ceiling: 0, adaptive: true, now: () => now });
    for (let i = 0; i < 32; i++) {
      now += 10;
      pace.accepted();
    }
    expect(pace.delay()).toBe(0);
    pace.slowDown();
    expect(pace.perSecond).toBeCloseTo(50, 0);
    for (let i = 0; i < 1_000 && pace.perSecond !== 0; i++) pace.accepted();
    expect(pace.perSecond).toBe(0);
  });

  it('not adaptive: the ceiling whatever the server says', () => {
    const pace = createPace({ ceiling: 10, adaptive: false, now: () => 0 });
    pace.slowDown();
    expect(pace.perSecond).toBe(10);
  });
});
