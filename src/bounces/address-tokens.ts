import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed tokens in the local part of Gazette's own addresses: `bounces+TOKEN@DOMAIN` (the
 * envelope sender of one delivery) and `unsubscribe+TOKEN@DOMAIN` (one subscriber's mailto
 * unsubscribe). A local part may be at most 64 characters and some relays lower-case it, so a
 * token is lower-case base32 ("extended hex", 0-9a-v) throughout: a payload, then an 80-bit
 * HMAC-SHA256 over the kind and the payload, keyed by the secret.
 */

export type AddressKind = 'bounces' | 'unsubscribe';

export type ReadAddress =
  | { kind: 'bounces'; deliveryId: number }
  | { kind: 'unsubscribe'; subscriberId: string }
  /** `feedback@DOMAIN`: where feedback loops send abuse reports (the report carries a token). */
  | { kind: 'feedback' }
  /** One of our addresses whose token does not verify: forged, altered or from another secret. */
  | { kind: 'forged'; address: string }
  /** Not an address Gazette receives at. */
  | { kind: 'other'; address: string };

export interface AddressTokens {
  /** The envelope sender for a delivery; undefined for an id that names no stored delivery. */
  bounceAddress(deliveryId: number): string | undefined;
  /** The mailto unsubscribe address; undefined when the id is too long for a local part. */
  unsubscribeAddress(subscriberId: string): string | undefined;
  /** What an address (any case) names, if it is one of ours. */
  read(address: string): ReadAddress;
}

/** The local part feedback loops are registered with: no token, the report carries one. */
export const FEEDBACK = 'feedback';
const MAC_CHARS = 16; // 80 bits: 16 base32 characters
const MAX_LOCAL_PART = 64;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function createAddressTokens(secret: string, domain: string): AddressTokens {
  if (secret.length < 16) throw new Error('bounces: the secret must be at least 16 characters');
  const key = createHmac('sha256', 'gazette address tokens').update(secret).digest();
  const ourDomain = domain.toLowerCase();
  const mac = (kind: AddressKind, payload: string) =>
    base32(createHmac('sha256', key).update(`${kind}:${payload}`).digest()).slice(0, MAC_CHARS);
  const address = (kind: AddressKind, payload: string) => {
    const local = `${kind}+${payload}${mac(kind, payload)}`;
    return local.length <= MAX_LOCAL_PART ? `${local}@${ourDomain}` : undefined;
  };

  return {
    bounceAddress(deliveryId) {
      if (!Number.isSafeInteger(deliveryId) || deliveryId <= 0) return undefined;
      return address('bounces', `d${deliveryId.toString(32)}`);
    },
    unsubscribeAddress(subscriberId) {
      // Subscribers added by Gazette have UUIDs: 16 bytes pack into 26 characters.
      const payload = UUID.test(subscriberId)
        ? `u${base32(Buffer.from(subscriberId.replace(/-/g, ''), 'hex'))}`
        : `r${base32(Buffer.from(subscriberId, 'utf8'))}`;
      return address('unsubscribe', payload);
    },
    read(input) {
      const text = input.trim().replace(/^<|>$/g, '').toLowerCase();
      const at = text.lastIndexOf('@');
      if (at > 0 && text.slice(at + 1) === ourDomain && text.slice(0, at) === FEEDBACK) {
        return { kind: 'feedback' };
      }
      const match = /^(bounces|unsubscribe)\+([0-9a-v]+)$/.exec(text.slice(0, at));
      if (at < 0 || text.slice(at + 1) !== ourDomain || !match) {
        return { kind: 'other', address: input };
      }
      const kind = match[1] as AddressKind;
      const token = match[2] as string;
      const payload = token.slice(0, -MAC_CHARS);
      const given = Buffer.from(token.slice(-MAC_CHARS));
      const expected = Buffer.from(mac(kind, payload));
      const forged = { kind: 'forged', address: input } as const;
      if (payload === '' || given.length !== expected.length || !timingSafeEqual(given, expected))
        return forged;
      const body = payload.slice(1);
      if (kind === 'bounces') {
        const id = payload[0] === 'd' ? Number.parseInt(body, 32) : Number.NaN;
        return Number.isSafeInteger(id) && id > 0 ? { kind, deliveryId: id } : forged;
      }
      const bytes = unbase32(body);
      if (payload[0] === 'u' && bytes.length === 16) {
        const hex = bytes.toString('hex');
        const parts = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20)];
        return { kind, subscriberId: [...parts, hex.slice(20)].join('-') };
      }
      if (payload[0] === 'r' && bytes.length > 0) {
        return { kind, subscriberId: bytes.toString('utf8') };
      }
      return forged;
    },
  };
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuv';

/** RFC 4648 base32hex, lower-case, no padding. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) return Buffer.alloc(0);
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
      buffer &= (1 << bits) - 1;
    }
  }
  return Buffer.from(bytes);
}
