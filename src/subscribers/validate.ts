import { isTimeZone } from '../time.js';
import { normaliseEmail } from './email.js';
import { FREQUENCIES, type Frequency, type Preferences } from './types.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Raw choices as a form, JSON body or CLI gives them: nothing about them is trusted yet. */
export interface RawPreferences {
  /** A list of slugs, or one comma-separated string; absent or empty means every category. */
  categories?: unknown;
  /** `daily` or `weekly`; absent or empty means `daily`. */
  frequency?: unknown;
  /** A chosen IANA zone; `auto` or absent: `timezone_detected`; empty: the site's zone. */
  timezone?: unknown;
  /** The browser's zone, filled in by the form's script; ignored when not a known zone. */
  timezone_detected?: unknown;
}

const MAX_CATEGORIES = 200;

/** Checks the categories against those the article store has, and the frequency. */
export function parsePreferences(
  raw: RawPreferences,
  knownCategories: readonly string[],
): Parsed<Preferences> {
  const problems: string[] = [];
  const categories = readCategories(raw.categories, problems);
  const known = new Set(knownCategories);
  const unknown = categories.filter((slug) => !known.has(slug));
  if (unknown.length > 0) {
    const list = unknown.slice(0, 5).map((slug) => JSON.stringify(slug.slice(0, 80)));
    const offer = knownCategories.length > 0 ? knownCategories.join(', ') : 'none yet';
    problems.push(`categories: unknown ${list.join(', ')} (known: ${offer})`);
  }
  const frequency = readFrequency(raw.frequency, problems);
  const timezone = readTimezone(raw, problems);
  if (problems.length > 0 || !frequency) return { ok: false, problems };
  return {
    ok: true,
    value: { categories, frequency, ...(timezone !== undefined ? { timezone } : {}) },
  };
}

/** An address and choices, as `POST /subscribe` and `gazette subscribers add` receive them. */
export function parseSubscription(
  raw: RawPreferences & { email?: unknown },
  knownCategories: readonly string[],
): Parsed<{ email: string; preferences: Preferences }> {
  const problems: string[] = [];
  const email = readEmail(raw.email, problems);
  const preferences = parsePreferences(raw, knownCategories);
  if (!preferences.ok) problems.push(...preferences.problems);
  if (problems.length > 0 || !email || !preferences.ok) return { ok: false, problems };
  return { ok: true, value: { email, preferences: preferences.value } };
}

function readEmail(value: unknown, problems: string[]): string | null {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push('email: an address is required');
    return null;
  }
  if (/[\r\n\0]/.test(value)) {
    problems.push('email: must not contain line breaks or control characters');
    return null;
  }
  const email = normaliseEmail(value);
  if (!email) problems.push('email: not a valid address (like name@example.org)');
  return email;
}

function readCategories(value: unknown, problems: string[]): string[] {
  if (value === undefined || value === null || value === '') return [];
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
    problems.push('categories: must be a list of category slugs');
    return [];
  }
  const slugs = [...new Set(items.map((item) => item.trim().toLowerCase()).filter(Boolean))];
  if (slugs.length > MAX_CATEGORIES) {
    problems.push(`categories: at most ${MAX_CATEGORIES}`);
    return [];
  }
  return slugs.sort();
}

function readFrequency(value: unknown, problems: string[]): Frequency | null {
  if (value === undefined || value === null || value === '') return 'daily';
  if (typeof value === 'string' && (FREQUENCIES as readonly string[]).includes(value)) {
    return value as Frequency;
  }
  problems.push(`frequency: must be ${FREQUENCIES.join(' or ')}`);
  return null;
}

/** The zone to deliver in: chosen, else detected by the browser; undefined leaves it as it is. */
function readTimezone(raw: RawPreferences, problems: string[]): string | null | undefined {
  const chosen = raw.timezone;
  if (chosen === '') return null;
  if (typeof chosen === 'string' && chosen !== 'auto') {
    if (chosen.length <= 64 && isTimeZone(chosen)) return chosen;
    problems.push('timezone: not a known time zone (like Europe/Berlin)');
    return undefined;
  }
  const detected = raw.timezone_detected;
  return typeof detected === 'string' && detected.length <= 64 && isTimeZone(detected)
    ? detected
    : undefined;
}
