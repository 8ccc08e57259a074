import { describe, expect, it } from 'vitest';
import { answer, variantToMake } from '../../src/http/conditional.js';
import { serveDocument } from '../../src/http/served.js';

const doc = (body: string) => ({
  path: '/feeds/x.atom',
  format: 'atom' as const,
  contentType: 'application/atom+xml; charset=utf-8',
  body,
  updated: new Date('2024-05-20T10:00:00Z'),
  archive: true,
  key: 'x',
});

describe('compressed variants', () => {
  it('are made only when asked for, best accepted first', async () => {
    const file = serveDocument(doc('<feed>'.repeat(200)));
    expect(variantToMake(undefined, file)).toBeUndefined();
    expect(variantToMake('gzip', file)).toBe('gzip');
    expect(variantToMake('gzip, br', file)).toBe('br');
    expect(variantToMake('br;q=0, gzip', file)).toBe('gzip');
    await file.compress('gzip');
    expect(variantToMake('gzip', file)).toBeUndefined();
    expect(variantToMake('gzip, br', file)).toBe('br');
    await file.compress('br');
    expect(
      answer(file, { method: 'GET', acceptEncoding: 'gzip, br' }).headers['content-encoding'],
    ).toBe('br');
  });

  it('are left out when they would not be smaller, and the identity bytes are served', async () => {
    const file = serveDocument(doc('x'));
    await Promise.all([file.compress('br'), file.compress('gzip')]);
    expect(file.variants.br).toBeNull();
    expect(file.variants.gzip).toBeNull();
    expect(variantToMake('br, gzip', file)).toBeUndefined();
    const reply = answer(file, { method: 'GET', acceptEncoding: 'br, gzip' });
    expect(reply.headers['content-encoding']).toBeUndefined();
    expect(reply.body?.toString()).toBe('x');
  });
});

describe('If-None-Match', () => {
  it('matches the tag of any variant, weak or strong, alone or in a list, and nothing else', () => {
    const file = serveDocument(doc('<feed>'.repeat(50)));
    const status = (ifNoneMatch: string) => answer(file, { method: 'GET', ifNoneMatch }).status;
    for (const header of [
      `"${file.tag}"`,
      `"${file.tag}-gzip"`,
      `"${file.tag}-br"`,
      `W/"${file.tag}"`,
      `"other", "${file.tag}"`,
      '*',
    ]) {
      expect(status(header)).toBe(304);
    }
    for (const header of [`"${file.tag}x"`, `"${file.tag}-zstd"`, '"other"', '']) {
      expect(status(header)).toBe(200);
    }
  });
});
