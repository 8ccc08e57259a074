import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONFIRM_TOKEN_TTL_MS,
  createTokens,
  subscriberLinks,
} from '../../src/subscribers/index.js';

const tokens = createTokens('a secret of at least 16 characters');
const now = new Date('2024-06-21T08:00:00Z');
const purposes = ['confirm', 'unsubscribe', 'preferences'] as const;

describe('subscriber tokens', () => {
  it('name one subscriber for one purpose', () => {
    for (const purpose of purposes) {
      const token = tokens.sign('subscriber-1', purpose, now);
      expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(tokens.verify(token, purpose, now)).toBe('subscriber-1');
      for (const other of purposes.filter((p) => p !== purpose)) {
        expect(tokens.verify(token, other, now)).toBeNull();
      }
    }
  });

  it('cannot be forged with another secret or rewritten to another subscriber', () => {
    const other = createTokens('another secret, also 16+ characters');
    expect(
      tokens.verify(other.sign('subscriber-1', 'unsubscribe', now), 'unsubscribe', now),
    ).toBeNull();
    const token = tokens.sign('subscriber-1', 'unsubscribe', now);
    const [code, , issued, mac] = token.split('.');
    const swapped = `${code}.${Buffer.from('subscriber-2').toString('base64url')}.${issued}.${mac}`;
    expect(tokens.verify(swapped, 'unsubscribe', now)).toBeNull();
    const repurposed = `c.${token.split('.').slice(1).join('.')}`;
    expect(tokens.verify(repurposed, 'confirm', now)).toBeNull();
  });

  it('refuses any change to a token', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.constantFrom(...purposes),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        (id, purpose, position, replacement) => {
          const token = tokens.sign(id, purpose, now);
          const at = position % token.length;
          fc.pre(token[at] !== replacement);
          const tampered = token.slice(0, at) + replacement + token.slice(at + 1);
          expect(tokens.verify(tampered, purpose, now)).toBeNull();
        },
      ),
    );
  });

  it('expires a confirmation after 7 days, but not unsubscribe or preference links', () => {
    const confirm = tokens.sign('s', 'confirm', now);
    const lastMoment = new Date(now.getTime() + CONFIRM_TOKEN_TTL_MS);
    const tooLate = new Date(lastMoment.getTime() + 1);
    expect(tokens.verify(confirm, 'confirm', lastMoment)).toBe('s');
    expect(tokens.check(confirm, 'confirm', tooLate)).toEqual({ ok: false, reason: 'expired' });
    const years = new Date(now.getTime() + 3 * 365 * 24 * 3600 * 1000);
    expect(tokens.verify(tokens.sign('s', 'unsubscribe', now), 'unsubscribe', years)).toBe('s');
    expect(tokens.verify(tokens.sign('s', 'preferences', now), 'preferences', years)).toBe('s');
    expect(tokens.check(confirm, 'confirm', now)).toEqual({
      ok: true,
      subscriberId: 's',
      issuedAt: now,
    });
  });

  it('refuses a short secret', () => {
    expect(() => createTokens('short')).toThrow(/16 characters/);
  });

  it('builds absolute unsubscribe and preference links', () => {
    const links = subscriberLinks('https://news.example.org/', tokens, 'id-1', now);
    expect(links.unsubscribe).toMatch(/^https:\/\/news\.example\.org\/unsubscribe\?token=[\w.-]+$/);
    expect(links.preferences).toMatch(/^https:\/\/news\.example\.org\/preferences\?token=[\w.-]+$/);
    const token = new URL(links.unsubscribe).searchParams.get('token') ?? '';
    expect(tokens.verify(token, 'unsubscribe', now)).toBe('id-1');
  });
});
