import { describe, expect, it } from 'vitest';
import { parsePreferences, parseSubscription } from '../../src/subscribers/index.js';

const known = ['biz-updates', 'industrial-parks'];

describe('subscription input', () => {
  it('accepts lists or comma-separated slugs, deduplicated and sorted, daily by default', () => {
    expect(
      parsePreferences({ categories: 'industrial-parks, biz-updates,biz-updates' }, known),
    ).toEqual({
      ok: true,
      value: { categories: ['biz-updates', 'industrial-parks'], frequency: 'daily' },
    });
    expect(parsePreferences({ categories: [], frequency: 'weekly' }, known)).toEqual({
      ok: true,
      value: { categories: [], frequency: 'weekly' },
    });
  });

  it('reports every problem at once', () => {
    const result = parseSubscription(
      { email: 'x', categories: ['sports'], frequency: 'hourly' },
      known,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        'email: not a valid address (like name@example.org)',
        'categories: unknown "sports" (known: biz-updates, industrial-parks)',
        'frequency: must be daily or weekly',
      ],
    });
  });

  it('names line breaks in an address as such', () => {
    const result = parseSubscription({ email: 'a@example.org\r\nBcc: b@example.org' }, known);
    expect(result).toEqual({
      ok: false,
      problems: ['email: must not contain line breaks or control characters'],
    });
  });

  it('takes a chosen zone, else the browser one, else leaves the zone alone', () => {
    const zone = (raw: Record<string, unknown>) => {
      const result = parsePreferences(raw, known);
      return result.ok ? result.value.timezone : result.problems;
    };
    expect(zone({ timezone: 'Europe/Berlin', timezone_detected: 'Asia/Tokyo' })).toBe(
      'Europe/Berlin',
    );
    expect(zone({ timezone: 'auto', timezone_detected: 'Asia/Tokyo' })).toBe('Asia/Tokyo');
    expect(zone({ timezone_detected: 'Not/AZone' })).toBeUndefined();
    expect(zone({})).toBeUndefined();
    expect(zone({ timezone: '' })).toBeNull();
    expect(zone({ timezone: 'Mars/Olympus' })).toEqual([
      'timezone: not a known time zone (like Europe/Berlin)',
    ]);
  });
});
