import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares in constant time: a token must not leak byte by byte through response timing. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
