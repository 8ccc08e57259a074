import { createHash, timingSafeEqual } from 'node:crypto';
import type { Session } from './session.js';

/** Compares in constant time: the token must not leak byte by byte through response timing. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Whether a posted form carries its session's CSRF token in the hidden `csrf` field. */
export function csrfOk(session: Session, fields: Record<string, unknown>): boolean {
  const value = fields.csrf;
  return typeof value === 'string' && value.length > 0 && sameSecret(value, session.csrf);
}
