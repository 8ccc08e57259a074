/**
 * Wall-clock time in an IANA zone, without a date library: Intl knows every zone's offsets.
 * Used for dates without an offset in article files and for schedule slots.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock in `timeZone` at `instant`. */
export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Milliseconds to add to UTC to get the wall clock of `timeZone` at `instant`. */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const w = wallClockAt(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which `timeZone` shows the given wall clock. In a DST gap the later offset wins;
 * in an overlap, the first occurrence.
 */
export function instantOfWallClock(wall: WallClock, timeZone: string): Date {
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

const knownZones = new Map<string, boolean>();

/** Whether `value` names an IANA time zone this runtime knows. */
export function isTimeZone(value: string): boolean {
  let known = knownZones.get(value);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size < 1000) knownZones.set(value, known);
  }
  return known;
}
