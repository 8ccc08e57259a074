import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedJson } from '../../src/store/index.js';

describe('an audit detail kept within its size', () => {
  it('stays as it is when it fits', () => {
    const detail = { frequency: 'daily', categories: ['a', 'b'], dryRun: false };
    expect(boundedJson(detail, 2000)).toBe(JSON.stringify(detail));
  });

  it('shortens long strings first, keeping every key and number', () => {
    const detail = { file: 'x'.repeat(5000), rows: 120, refused: 3 };
    const json = boundedJson(detail, 2000);
    expect(json.length).toBeLessThanOrEqual(2000);
    expect(JSON.parse(json)).toEqual({ file: `${'x'.repeat(100)}…`, rows: 120, refused: 3 });
  });

  it('is always JSON of at most the size, whatever the detail', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.integer({ min: 2, max: 3000 }),
        (detail, max) => {
          const json = boundedJson(detail, max);
          expect(json.length).toBeLessThanOrEqual(max);
          expect(() => JSON.parse(json)).not.toThrow();
        },
      ),
    );
  });
});
