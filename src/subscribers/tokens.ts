import { createHmac, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'confirm' | 'unsubscribe' | 'preferences';

/** A confirmation link is good for a week; unsubscribe and preference links never expire. */
export const CONFIRM_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const PURPOSE_CODES: Record<TokenPurpose, string> = {
  confirm: 'c',
  unsubscribe: 'u',
  preferences: 'p',
};
const MAC_BYTES = 16;

export type TokenCheck =
  | { ok: true; subscriberId: string; issuedAt: Date }
  | { ok: false; reason: 'invalid' | 'expired' };

export interface Tokens {
  sign(subscriberId: string, purpose: TokenPurpose, now: Date): string;
  /** The subscriber id, or null for a forged, re-purposed, malformed or expired token. */
  verify(token: string, purpose: TokenPurpose, now: Date): string | null;
  /** As `verify`, with the reason for a refusal and the instant the token was issued. */
  check(token: string, purpose: TokenPurpose, now: Date): TokenCheck;
}

/**
 * Tokens `PURPOSE.ID.ISSUED.MAC`: the purpose, base64url subscriber id and issue instant (base36
 * ms) are all under an HMAC-SHA256 (truncated to 128 bits) keyed by the secret, so none can be
 * changed without the secret. Only URL-safe characters, so links need no escaping.
 */
export function createTokens(secret: string): Tokens {
  if (secret.length < 16) throw new Error('tokens: the secret must be at least 16 characters');
  const key = createHmac('sha256', 'gazette subscriber tokens').update(secret).digest();
  const mac = (payload: string) =>
    createHmac('sha256', key).update(payload).digest().subarray(0, MAC_BYTES);

  function check(token: string, purpose: TokenPurpose, now: Date): TokenCheck {
    const invalid: TokenCheck = { ok: false, reason: 'invalid' };
    if (typeof token !== 'string' || token.length > 512) return invalid;
    const parts = token.split('.');
    if (parts.length !== 4) return invalid;
    const [code, encodedId, issued, signature] = parts as [string, string, string, string];
    // Compared as text: base64 decoding ignores stray trailing bits, so two strings could decode
    // to the same bytes, and a tampered token must never pass.
    const given = Buffer.from(signature);
    const expected = Buffer.from(mac(`${code}.${encodedId}.${issued}`).toString('base64url'));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
    // Checked after the MAC, so a refusal says nothing about which part was wrong.
    if (code !== PURPOSE_CODES[purpose] || !/^[0-9a-z]{1,12}$/.test(issued)) return invalid;
    const issuedAt = new Date(Number.parseInt(issued, 36));
    if (purpose === 'confirm' && now.getTime() - issuedAt.getTime() > CONFIRM_TOKEN_TTL_MS) {
      return { ok: false, reason: 'expired' };
    }
    const subscriberId = Buffer.from(encodedId, 'base64url').toString('utf8');
    return subscriberId ? { ok: true, subscriberId, issuedAt } : invalid;
  }

  return {
    sign(subscriberId, purpose, now) {
      const payload = `${PURPOSE_CODES[purpose]}.${Buffer.from(subscriberId, 'utf8').toString('base64url')}.${now.getTime().toString(36)}`;
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token, purpose, now) {
      const result = check(token, purpose, now);
      return result.ok ? result.subscriberId : null;
    },
    check,
  };
}
