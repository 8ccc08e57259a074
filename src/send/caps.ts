import type { SendCaps } from './types.js';

/**
 * Rolling send caps over per-minute buckets: messages handed to SMTP in each minute, summed over
 * the last hour and the last day. A message is counted in the minute that ends after it started,
 * so its place under a cap frees a little late, never early: the caps hold to the message, at the
 * price of resuming up to a minute later than an exact count would.
 */
const MINUTE = 60_000;
const HOUR = 3_600_000;
/** The longest cap window: older buckets count for nothing and may be dropped. */
export const CAP_HORIZON_MS = 86_400_000;

/** One minute's bucket: `minute` is the instant the minute ends. */
export interface CapBucket {
  minute: number;
  used: number;
}

export function capsOn(caps: SendCaps): boolean {
  return caps.hourly > 0 || caps.daily > 0;
}

/** The bucket a message started `now` counts in. */
export function bucketMinute(now: Date): number {
  return Math.ceil(now.getTime() / MINUTE) * MINUTE;
}

/** How many messages may start now under both caps, from the last day's buckets (oldest first). */
export function roomUnderCaps(caps: SendCaps, buckets: readonly CapBucket[], now: Date): number {
  let room = Number.POSITIVE_INFINITY;
  for (const [cap, window] of windows(caps)) {
    room = Math.min(room, cap - usedSince(buckets, now.getTime() - window));
  }
  return Math.max(0, room);
}

/** The first instant one more message may start under every cap, counting `buckets` as used. */
export function capsResumeAt(caps: SendCaps, buckets: readonly CapBucket[], now: Date): Date {
  let at = now.getTime();
  for (const [cap, window] of windows(caps)) {
    let used = usedSince(buckets, now.getTime() - window);
    for (const bucket of buckets) {
      if (used < cap) break;
      if (bucket.minute <= now.getTime() - window) continue;
      used -= bucket.used;
      at = Math.max(at, bucket.minute + window);
    }
  }
  return new Date(at);
}

/** `buckets` (oldest first) with `started` more messages counted in the bucket of `now`. */
export function withStarted(buckets: CapBucket[], now: Date, started: number): CapBucket[] {
  const minute = bucketMinute(now);
  const same = buckets.find((bucket) => bucket.minute === minute);
  if (same) same.used += started;
  else buckets.push({ minute, used: started });
  return buckets;
}

function windows(caps: SendCaps): [number, number][] {
  const result: [number, number][] = [];
  if (caps.hourly > 0) result.push([caps.hourly, HOUR]);
  if (caps.daily > 0) result.push([caps.daily, CAP_HORIZON_MS]);
  return result;
}

function usedSince(buckets: readonly CapBucket[], after: number): number {
  let used = 0;
  for (const bucket of buckets) if (bucket.minute > after) used += bucket.used;
  return used;
}
