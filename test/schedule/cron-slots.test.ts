import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { latestSlot, parseCron, slotsBetween } from '../../src/schedule/cron-slots.js';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('cron slots', () => {
  it('finds daily 07:00 slots in the configured zone', () => {
    const daily = parseCron('0 7 * * *');
    const slots = slotsBetween(
      daily,
      'Asia/Shanghai',
      new Date('2024-06-20T00:00:00Z'),
      new Date('2024-06-22T00:00:00Z'),
    );
    expect(iso(slots)).toEqual(['2024-06-20T23:00:00.000Z', '2024-06-21T23:00:00.000Z']);
  });

  it('follows daylight saving time', () => {
    const daily = parseCron('0 7 * * *');
    const slots = slotsBetween(
      daily,
      'Europe/Berlin',
      new Date('2024-03-30T00:00:00Z'),
      new Date('2024-04-01T00:00:00Z'),
    );
    expect(iso(slots)).toEqual(['2024-03-30T06:00:00.000Z', '2024-03-31T05:00:00.000Z']);
  });

  it('reads weekdays, names, lists, ranges and steps', () => {
    const weekly = parseCron('0 7 * * 1');
    const week = slotsBetween(
      weekly,
      'UTC',
      new Date('2024-06-16T00:00:00Z'),
      new Date('2024-06-30T00:00:00Z'),
    );
    expect(iso(week)).toEqual(['2024-06-17T07:00:00.000Z', '2024-06-24T07:00:00.000Z']);
    const named = parseCron('30 6-8/2 * jun mon,fri');
    const slots = slotsBetween(
      named,
      'UTC',
      new Date('2024-06-16T00:00:00Z'),
      new Date('2024-06-22T00:00:00Z'),
    );
    expect(iso(slots)).toEqual([
      '2024-06-17T06:30:00.000Z',
      '2024-06-17T08:30:00.000Z',
      '2024-06-21T06:30:00.000Z',
      '2024-06-21T08:30:00.000Z',
    ]);
    const sunday = parseCron('0 0 * * 7');
    expect(sunday.matches(new Date('2024-06-16T00:00:00Z'), 'UTC')).toBe(true);
  });

  it('takes an optional seconds field', () => {
    const everyFive = parseCron('*/5 * * * * *');
    const slots = slotsBetween(
      everyFive,
      'UTC',
      new Date('2024-06-16T00:00:00Z'),
      new Date('2024-06-16T00:00:12Z'),
    );
    expect(iso(slots)).toEqual(['2024-06-16T00:00:05.000Z', '2024-06-16T00:00:10.000Z']);
  });

  it('finds the latest slot within a look-back, or none', () => {
    const daily = parseCron('0 7 * * *');
    const now = new Date('2024-06-21T03:00:00Z'); // 11:00 in Shanghai
    expect(latestSlot(daily, 'Asia/Shanghai', now, 6 * 3_600_000)?.toISOString()).toBe(
      '2024-06-20T23:00:00.000Z',
    );
    expect(latestSlot(daily, 'Asia/Shanghai', now, 3 * 3_600_000)).toBeUndefined();
  });

  it('agrees with node-cron on what is valid', () => {
    for (const expression of ['0 7 * * *', '*/5 * * * * *', '0 7 * * mon', '15,45 * * * *']) {
      expect(cron.validate(expression)).toBe(true);
      expect(() => parseCron(expression)).not.toThrow();
    }
    expect(() => parseCron('61 * * * *')).toThrow(/out of range/);
    expect(() => parseCron('* * *')).toThrow(/5 or 6 fields/);
  });
});
