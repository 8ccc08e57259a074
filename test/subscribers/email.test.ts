import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseEmail } from '../../src/subscribers/index.js';

describe('normaliseEmail', () => {
  it('trims and lower-cases the domain only', () => {
    expect(normaliseEmail('  Reader.Name+news@Example.ORG\t')).toBe('Reader.Name+news@example.org');
    expect(normaliseEmail("o'brien@mail.example.co.uk")).toBe("o'brien@mail.example.co.uk");
    expect(normaliseEmail('a@xn--bcher-kva.example')).toBe('a@xn--bcher-kva.example');
  });

  it('refuses what is not a plain address', () => {
    for (const bad of [
      '',
      'a',
      'a@b',
      'a@b.c',
      'a@b..org',
      'a..b@example.org',
      'a@example.org\n',
      '\r\na@example.org',
      'a@example.org\r\nBcc: b@example.org',
      'A <a@example.org>',
      'a,b@example.org',
      'a@example.org.',
      'a@exa_mple.org',
      'a@123.456',
    ]) {
      expect(normaliseEmail(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('is idempotent and never lets a header-breaking character through', () => {
    fc.assert(
      fc.property(fc.string(), fc.emailAddress(), (noise, address) => {
        for (const input of [noise, address, `${address}${noise}`, `${noise}${address}`]) {
          const result = normaliseEmail(input);
          if (result === null) continue;
          expect(normaliseEmail(result)).toBe(result);
          expect(result).not.toMatch(/[\r\n\0<>,;"\s]/);
        }
      }),
    );
  });
});
