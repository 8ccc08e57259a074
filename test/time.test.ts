import { describe, expect, it } from 'vitest';
import { instantOfWallClock, type WallClock, wallClockAt, zoneOffsetMs } from '../src/time.js';

/** The definition `instantOfWallClock` must keep: four exact questions to Intl, no cache. */
function reference(wall: WallClock, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const firstGuess = asUtc - zoneOffsetMs(new Date(asUtc), timeZone);
  const offset = zoneOffsetMs(new Date(firstGuess), timeZone);
  const candidate = asUtc - offset;
  const earlier = asUtc - zoneOffsetMs(new Date(candidate - 3_600_000), timeZone);
  const earlierWall = wallClockAt(new Date(earlier), timeZone);
  const sameWall =
    earlierWall.hour === wall.hour &&
    earlierWall.minute === wall.minute &&
    earlierWall.day === wall.day;
  return new Date(sameWall && earlier < candidate ? earlier : candidate);
}

describe('instantOfWallClock', () => {
  it.each([
    'Europe/London',
    'America/New_York',
    'Australia/Lord_Howe', // half-hour DST
    'America/Santiago',
    'Asia/Shanghai',
    'UTC',
  ])('agrees with the exact answer every 45 minutes of 2024 in %s', (zone) => {
    for (let at = Date.UTC(2024, 0, 1); at < Date.UTC(2025, 0, 1); at += 45 * 60_000) {
      const d = new Date(at);
      const wall = {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: d.getUTCHours(),
        minute: d.getUTCMinutes(),
        second: 0,
      };
      const got = instantOfWallClock(wall, zone).getTime();
      if (got !== reference(wall, zone).getTime()) {
        expect(new Date(got).toISOString(), `${zone} ${JSON.stringify(wall)}`).toBe(
          reference(wall, zone).toISOString(),
        );
      }
    }
  });

  it('reads the first occurrence in an overlap and the later offset in a gap', () => {
    const wall = (month: number, day: number, hour: number) => ({
      year: 2024,
      month,
      day,
      hour,
      minute: 30,
      second: 0,
    });
    // New York: clocks went 02:00 -> 03:00 on 10 March, 02:00 -> 01:00 on 3 November 2024;
    // 02:30 on 10 March never showed, and is read with the later offset (EDT).
    expect(instantOfWallClock(wall(3, 10, 2), 'America/New_York').toISOString()).toBe(
      '2024-03-10T06:30:00.000Z',
    );
    expect(instantOfWallClock(wall(11, 3, 1), 'America/New_York').toISOString()).toBe(
      '2024-11-03T05:30:00.000Z',
    );
  });
});
