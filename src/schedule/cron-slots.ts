import { wallClockAt } from '../time.js';

/**
 * Which instants a cron expression names, in a time zone: node-cron fires the jobs, and this
 * answers the questions it cannot (the slot a firing belongs to, the slots missed while every
 * process was down). Same syntax as node-cron: 5 fields, or 6 with leading seconds; `*`, lists,
 * ranges, steps, and month and weekday names.
 */
export interface CronMatcher {
  readonly hasSeconds: boolean;
  matches(instant: Date, timeZone: string): boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export function parseCron(expression: string): CronMatcher {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    throw new Error(`cron "${expression}": expected 5 or 6 fields, got ${fields.length}`);
  }
  const hasSeconds = fields.length === 6;
  const [second, minute, hour, day, month, weekday] = hasSeconds ? fields : ['0', ...fields];
  const sets = {
    second: field(second as string, 0, 59, []),
    minute: field(minute as string, 0, 59, []),
    hour: field(hour as string, 0, 23, []),
    day: field(day as string, 1, 31, []),
    month: field(month as string, 1, 12, MONTHS, 1),
    weekday: field(weekday as string, 0, 7, DAYS),
  };
  if (sets.weekday.has(7)) sets.weekday.add(0);
  return {
    hasSeconds,
    matches(instant, timeZone) {
      const w = wallClockAt(instant, timeZone);
      const weekdayOf = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
      return (
        sets.second.has(w.second) &&
        sets.minute.has(w.minute) &&
        sets.hour.has(w.hour) &&
        sets.day.has(w.day) &&
        sets.month.has(w.month) &&
        sets.weekday.has(weekdayOf)
      );
    },
  };
}

/** Every slot in `(after, until]`, oldest first. */
export function slotsBetween(
  cron: CronMatcher,
  timeZone: string,
  after: Date,
  until: Date,
): Date[] {
  const step = cron.hasSeconds ? 1000 : 60_000;
  const slots: Date[] = [];
  let t = Math.floor(after.getTime() / step) * step + step;
  for (; t <= until.getTime(); t += step) {
    if (cron.matches(new Date(t), timeZone)) slots.push(new Date(t));
  }
  return slots;
}

/** The latest slot at or before `now` within `lookbackMs`, if any. */
export function latestSlot(
  cron: CronMatcher,
  timeZone: string,
  now: Date,
  lookbackMs: number,
): Date | undefined {
  return slotsBetween(cron, timeZone, new Date(now.getTime() - lookbackMs), now).at(-1);
}

function field(
  text: string,
  min: number,
  max: number,
  names: string[],
  nameOffset = 0,
): Set<number> {
  const values = new Set<number>();
  for (const part of text.toLowerCase().split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron field "${text}": bad step`);
    let from = min;
    let to = max;
    if (range !== '*') {
      const [a = '', b] = range.split('-');
      from = value(a, names, nameOffset);
      to = b === undefined ? (stepText === undefined ? from : max) : value(b, names, nameOffset);
    }
    if (!(from >= min && to <= max && from <= to))
      throw new Error(`cron field "${text}": out of range`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function value(text: string, names: string[], offset: number): number {
  const named = names.indexOf(text.slice(0, 3));
  if (named >= 0 && /^[a-z]+$/.test(text)) return named + offset;
  const number = Number(text);
  if (!/^\d+$/.test(text)) throw new Error(`cron value "${text}" is not a number or a name`);
  return number;
}
