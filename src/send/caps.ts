import type { SendCaps } from '../send/index.js';

/**
 * Rolling send caps over `send_slots`: messages handed to SMTP per minute. A slot is counted in
 * the minute that ends after it was taken, so it frees a little late, never early: the caps hold
 * to the message, at the price of resuming up to a minute later than an exact count would.
 */
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export interface SlotRow {
  minute: number;
  used: number;
}

export function slotMinute(now: Date): number {
  return Math.ceil(now.getTime() / MINUTE) * MINUTE;
}

export function capsOn(caps: SendCaps): boolean {
  return caps.hourly > 0 || caps.daily > 0;
}

/** Slots free now under both caps, from the rows of the last day (oldest first). */
export function freeSlots(caps: SendCaps, rows: readonly SlotRow[], now: Date): number {
  let free = Number.POSITIVE_INFINITY;
  for (const [cap, window] of windows(caps)) {
    free = Math.min(free, cap - usedSince(rows, now.getTime() - window));
  }
  return Math.max(0, free);
}

/** The first instant one more slot is free under every cap, counting `rows` as taken. */
export function resumeAt(caps: SendCaps, rows: readonly SlotRow[], now: Date): Date {
  let at = now.getTime();
  for (const [cap, window] of windows(caps)) {
    let used = usedSince(rows, now.getTime() - window);
    for (const row of rows) {
      if (used < cap) break;
      if (row.minute <= now.getTime() - window) continue;
      used -= row.used;
      at = Math.max(at, row.minute + window);
    }
  }
  return new Date(at);
}

function windows(caps: SendCaps): [number, number][] {
  const result: [number, number][] = [];
  if (caps.hourly > 0) result.push([caps.hourly, HOUR]);
  if (caps.daily > 0) result.push([caps.daily, DAY]);
  return result;
}

function usedSince(rows: readonly SlotRow[], after: number): number {
  let used = 0;
  for (const row of rows) if (row.minute > after) used += row.used;
  return used;
}
