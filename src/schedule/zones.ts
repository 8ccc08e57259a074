import { isTimeZone } from '../time.js';
import { type CronMatcher, latestSlot } from './cron-slots.js';

/**
 * Local-time delivery, pure. The cron times are read in each subscriber's zone; zones whose
 * local time falls on the same instant share one slot, so a slot is (kind, instant) however
 * many zones it serves, and two processes still agree on every key.
 */

/** The zones to schedule: the default first, then every distinct valid subscriber zone. */
export function scheduleZones(defaultZone: string, subscriberZones: readonly string[]): string[] {
  const zones = new Set([defaultZone]);
  for (const zone of subscriberZones) if (isTimeZone(zone)) zones.add(zone);
  return [...zones];
}

/** The zone a subscriber's digest follows: their own if it is valid, else the default. */
export function zoneOf(subscriberZone: string | null | undefined, defaultZone: string): string {
  return subscriberZone && isTimeZone(subscriberZone) ? subscriberZone : defaultZone;
}

/** The instant a firing belongs to: node-cron's date, cut to the cron's resolution. */
export function slotInstant(cron: CronMatcher, firedAt: Date): Date {
  const step = cron.hasSeconds ? 1000 : 60_000;
  return new Date(Math.floor(firedAt.getTime() / step) * step);
}

/** The zones in which `at` is a cron time. */
export function zonesAt(cron: CronMatcher, zones: readonly string[], at: Date): string[] {
  return zones.filter((zone) => cron.matches(at, zone));
}

/**
 * Catch-up: each zone's latest slot within `lookbackMs` of `now`, grouped by instant, oldest
 * first. Only the latest per zone: a digest holds everything new since the last one, so two
 * missed slots need one digest, not two.
 */
export function latestSlots(
  cron: CronMatcher,
  zones: readonly string[],
  now: Date,
  lookbackMs: number,
): { at: Date; zones: string[] }[] {
  const byInstant = new Map<number, string[]>();
  for (const zone of zones) {
    const at = latestSlot(cron, zone, now, lookbackMs);
    if (!at) continue;
    const group = byInstant.get(at.getTime()) ?? [];
    byInstant.set(at.getTime(), group);
    group.push(zone);
  }
  return [...byInstant]
    .sort(([a], [b]) => a - b)
    .map(([at, group]) => ({ at: new Date(at), zones: group }));
}
