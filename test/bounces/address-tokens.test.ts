import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAddressTokens } from '../../src/bounces/index.js';

const tokens = createAddressTokens('a-test-secret-of-enough-length', 'News.Example.org');
const localPart = (address: string | undefined) => address?.split('@')[0] ?? '';

describe('address tokens', () => {
  it('name one delivery or one subscriber, in a short lower-case local part', () => {
    const bounce = tokens.bounceAddress(123_456_789);
    expect(bounce).toMatch(/^bounces\+[0-9a-v]+@news\.example\.org$/);
    expect(tokens.read(bounce ?? '')).toEqual({ kind: 'bounces', deliveryId: 123_456_789 });
    for (const id of [randomUUID(), 's000042', 'ünïcode-id']) {
      const address = tokens.unsubscribeAddress(id);
      expect(localPart(address).length).toBeLessThanOrEqual(64);
      expect(localPart(address)).toMatch(/^unsubscribe\+[0-9a-v]+$/);
      expect(tokens.read(address ?? '')).toEqual({ kind: 'unsubscribe', subscriberId: id });
    }
    expect(localPart(tokens.unsubscribeAddress(randomUUID()))).toHaveLength(12 + 1 + 26 + 16);
  });

  it('survive a relay that changes the case, and angle brackets', () => {
    const address = tokens.bounceAddress(7) ?? '';
    expect(tokens.read(`<${address.toUpperCase()}>`)).toEqual({ kind: 'bounces', deliveryId: 7 });
  });

  it('refuse a changed token, another secret, a swapped kind and another domain', () => {
    const address = tokens.bounceAddress(7) ?? '';
    const [local] = address.split('@') as [string];
    const changed = `${local.slice(0, -1)}${local.endsWith('0') ? '1' : '0'}@news.example.org`;
    expect(tokens.read(changed)).toMatchObject({ kind: 'forged' });
    const other = createAddressTokens('another-secret-of-enough-length', 'news.example.org');
    expect(other.read(address)).toMatchObject({ kind: 'forged' });
    const swapped = address.replace('bounces+', 'unsubscribe+');
    expect(tokens.read(swapped)).toMatchObject({ kind: 'forged' });
    expect(tokens.read(address.replace('news.example.org', 'example.org'))).toMatchObject({
      kind: 'other',
    });
    expect(tokens.read('news@news.example.org')).toMatchObject({ kind: 'other' });
    expect(tokens.read('bounces+@news.example.org')).toMatchObject({ kind: 'other' });
  });

  it('give no address for what they cannot name', () => {
    expect(tokens.bounceAddress(0)).toBeUndefined();
    expect(tokens.unsubscribeAddress('x'.repeat(40))).toBeUndefined();
  });
});
