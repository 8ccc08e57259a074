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

const DAY_MS = 86_400_000;
/** Per zone, the offset of each UTC day seen, or null for a day with a transition in it. */
const dayOffsets = new Map<string, Map<number, number | null>>();

/**
 * `zoneOffsetMs`, from the offset of the instant's UTC day when one holds all day. Reading an
 * article date asked Intl four times (`formatToParts`, ~20–50 µs each): 0.8 s of a 10,000-file
 * store's parse. A day holds one offset when its start, middle and end agree; a transition and
 * its reversal within half a day, which no zone has, would go unnoticed. Other days are exact.
 */
function offsetAt(instantMs: number, timeZone: string): number {
  let days = dayOffsets.get(timeZone);
  if (!days) {
    days = new Map();
    dayOffsets.set(timeZone, days);
  }
  const day = Math.floor(instantMs / DAY_MS);
  let offset = days.get(day);
  if (offset === undefined) {
    const start = zoneOffsetMs(new Date(day * DAY_MS), timeZone);
    const middle = zoneOffsetMs(new Date(day * DAY_MS + DAY_MS / 2), timeZone);
    const end = zoneOffsetMs(new Date((day + 1) * DAY_MS - 1000), timeZone);
    offset = start === middle && middle === end ? start : null;
    if (days.size >= 100_000) days.clear(); // bounded: ~270 years of days
    days.set(day, offset);
  }
  return offset ?? zoneOffsetMs(new Date(instantMs), timeZone);
}

/**
 * The instant at which `timeZone` shows the given wall clock. In a DST gap the later offset wins;
 * in an overlap, the first occurrence.
 */
export function instantOfWallClock(wall: WallClock, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const firstGuess = asUtc - offsetAt(asUtc, timeZone);
  const offset = offsetAt(firstGuess, timeZone);
  const candidate = asUtc - offset;
  const earlier = asUtc - offsetAt(candidate - 3_600_000, timeZone);
  // The wall clock at `earlier`, from its offset (what `wallClockAt` would say).
  const earlierWall = new Date(Math.floor(earlier / 1000) * 1000 + offsetAt(earlier, timeZone));
  const sameWall =
    earlierWall.getUTCHours() === wall.hour &&
    earlierWall.getUTCMinutes() === wall.minute &&
    earlierWall.getUTCDate() === wall.day;
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

const shown = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant for people, naming its zone: `8 Dec 2026, 10:14 Asia/Shanghai`. Every time the
 * console, the CLI and the pages show says which clock it is on.
 */
export function formatInstant(instant: Date, timeZone: string): string {
  let format = shown.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    shown.set(timeZone, format);
  }
  return `${format.format(instant)} ${timeZone}`;
}
