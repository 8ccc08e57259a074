import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/articles/index.js';

const options = { timezone: 'Asia/Shanghai' };
const seed = readFileSync('articles/000_bf2a7840b903891f.txt');

/** Every answer is a result with either an article or a located problem: never a throw. */
function wellFormed(path: string, bytes: Uint8Array): void {
  const result = parseArticle(path, bytes, options);
  if (result.ok) {
    expect(result.article.title.length).toBeGreaterThan(0);
    expect(Number.isNaN(result.article.date.getTime())).toBe(false);
    expect(result.article.category.slug).toMatch(/^[a-z0-9-]+$/);
  } else {
    expect(result.problem.path).toBe(path);
    expect(result.problem.line).toBeGreaterThanOrEqual(1);
    expect(result.problem.reason.length).toBeGreaterThan(0);
  }
}

describe('no input makes the parser throw', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom('a.txt', 'a.md'),
        (bytes, path) => {
          wellFormed(path, bytes);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('random text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 500 }),
        fc.constantFrom('a.txt', 'a.md'),
        (text, path) => {
          wellFormed(path, new TextEncoder().encode(text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('mutated seed files', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat(200) }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        bytes: fc.uint8Array({ maxLength: 16 }),
      }),
      fc.record({
        kind: fc.constant('flip' as const),
        at: fc.nat(),
        value: fc.integer({ min: 0, max: 255 }),
      }),
      fc.record({
        kind: fc.constant('lines' as const),
        at: fc.nat(),
        text: fc.constantFrom('\n', '\r', '\r\n', '\n\n', '>', 'Updated : ', ' '),
      }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        let bytes = Uint8Array.from(seed);
        for (const m of mutations) {
          const at = m.at % (bytes.length + 1);
          if (m.kind === 'delete')
            bytes = Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + m.length)]);
          if (m.kind === 'insert')
            bytes = Uint8Array.from([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
          if (m.kind === 'flip' && bytes.length > 0) bytes[at % bytes.length] = m.value;
          if (m.kind === 'lines') {
            const insert = new TextEncoder().encode(m.text);
            bytes = Uint8Array.from([...bytes.subarray(0, at), ...insert, ...bytes.subarray(at)]);
          }
        }
        wellFormed('seed.txt', bytes);
      }),
      { numRuns: 300 },
    );
  });
});
