import { describe, expect, it } from 'vitest';
import { type ImportTarget, importSubscribers } from '../../src/subscribers/index.js';

const clock = () => new Date('2024-06-21T07:00:00Z');

/** A target whose adds take a while, as one waiting on its confirmation email does. */
function slowTarget(options: { failFor?: string } = {}) {
  let inFlight = 0;
  let most = 0;
  const added: string[] = [];
  const target: ImportTarget = {
    async add(email) {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((done) => setTimeout(done, 5));
      inFlight--;
      if (email === options.failFor) throw new Error('the mail server refused the confirmation');
      added.push(email);
      return { status: 'added', subscriber: { email } as never };
    },
  };
  return { target, added, most: () => most };
}

describe('importing subscribers', () => {
  it('adds several rows at a time and reports every line in file order', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `user${i}@example.org,,daily`);
    const csv = ['email,categories,frequency', ...rows, 'not an address,,daily'].join('\n');
    const { target, added, most } = slowTarget({ failFor: 'user7@example.org' });
    const report = await importSubscribers(target, csv, [], { confirmed: false, clock });
    expect(most()).toBeGreaterThan(1);
    expect(added).toHaveLength(39);
    expect(report).toMatchObject({ added: 39, existing: 0, refused: 2 });
    expect(report.lines.map((l) => l.line)).toEqual(Array.from({ length: 41 }, (_, i) => i + 2));
    expect(report.lines[7]).toMatchObject({
      outcome: 'refused',
      email: 'user7@example.org',
      reason: 'the mail server refused the confirmation',
    });
  });
});
