import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeCsvFile,
  exportCsv,
  listCsv,
  neutraliseCell,
  parseCsv,
  parseImport,
  restoreCell,
  type Subscriber,
} from '../../src/subscribers/index.js';

const known = ['biz-updates', 'industrial-parks'];

describe('CSV', () => {
  it('reads quoted fields with commas, quotes and line breaks, with their start lines', () => {
    const text = '\uFEFFa,"b,c"\r\n"say ""hi""",x\n\n"two\nlines",y\nlast,';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b,c'] },
      { line: 2, fields: ['say "hi"', 'x'] },
      { line: 4, fields: ['two\nlines', 'y'] },
      { line: 6, fields: ['last', ''] },
    ]);
    expect(() => parseCsv('a,"open\n')).toThrow(/line 1/);
  });

  it('reads a file as UTF-8 (BOM dropped) and refuses any other encoding or binary', () => {
    const bom = Buffer.from('\uFEFFemail,categories\r\njosé@example.org,\r\n', 'utf8');
    expect(decodeCsvFile(bom)).toEqual({
      ok: true,
      text: 'email,categories\r\njosé@example.org,\r\n',
    });
    expect(decodeCsvFile(Buffer.from('jos\xe9@example.org', 'latin1'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not UTF-8/),
    });
    expect(decodeCsvFile(Buffer.from('PK\u0003\u0004\u0000\u0000', 'utf8'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/NUL/),
    });
  });

  it('imports good rows and reports each bad one by line', () => {
    const text = [
      'email,categories,frequency',
      'a@example.org,"biz-updates,industrial-parks",weekly',
      'not an address,,daily',
      'b@example.org,,',
      'c@example.org,sports,daily',
      'd@example.org,,monthly',
      'A@EXAMPLE.ORG,,daily',
      'a@example.org,,daily',
      'e@example.org,,daily,extra',
      '',
    ].join('\n');
    const { rows, problems } = parseImport(text, known);
    expect(rows).toEqual([
      {
        line: 2,
        email: 'a@example.org',
        preferences: { categories: ['biz-updates', 'industrial-parks'], frequency: 'weekly' },
      },
      { line: 4, email: 'b@example.org', preferences: { categories: [], frequency: 'daily' } },
      { line: 7, email: 'A@example.org', preferences: { categories: [], frequency: 'daily' } },
    ]);
    expect(problems.map((p) => p.line)).toEqual([3, 5, 6, 8, 9]);
    expect(problems[3]?.reason).toBe('a@example.org is already on line 2');
  });

  it('insists on the header row', () => {
    expect(parseImport('address,categories\nx@example.org,', known)).toEqual({
      rows: [],
      problems: [
        {
          line: 1,
          reason: 'the header row must name an email column (and may name categories, frequency)',
        },
      ],
    });
  });

  it('takes the columns by name, ignoring the others, so an export imports as it is', () => {
    const { rows, problems } = parseImport(
      "status,frequency,email\r\nconfirmed,weekly,'=1+2@example.org\r\npending,daily,b@example.org,extra\r\n",
      known,
    );
    expect(rows).toEqual([
      {
        line: 2,
        email: '=1+2@example.org',
        preferences: { categories: [], frequency: 'weekly' },
      },
    ]);
    expect(problems).toEqual([{ line: 3, reason: '4 fields; the header names 3' }]);
  });

  it('gives back any cell exactly after neutralising it, and no neutralised cell is a formula', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const written = neutraliseCell(text);
        expect(written).not.toMatch(/^[=+\-@\t\r]/);
        expect(restoreCell(written)).toBe(text);
      }),
    );
    for (const text of ["'", "''=", "'a", '=', "'\t"])
      expect(restoreCell(neutraliseCell(text))).toBe(text);
  });

  it('lists and exports, keeping formulas out of spreadsheets', () => {
    const at = new Date('2024-06-21T00:00:00Z');
    const subscriber: Subscriber = {
      id: 'id-1',
      email: 'a@example.org',
      name: null,
      categories: ['biz-updates', 'industrial-parks'],
      frequency: 'weekly',
      status: 'confirmed',
      timezone: null,
      createdAt: at,
      updatedAt: at,
      subscribedAt: at,
      subscribedIp: '192.0.2.1',
      subscribedUserAgent: '=HYPERLINK("http://evil")',
      subscribedSource: 'web',
      confirmedAt: at,
      confirmedIp: null,
      confirmedUserAgent: null,
      unsubscribedAt: null,
      bouncedAt: null,
      bounceReason: null,
      complainedAt: null,
      complaintSource: null,
      preferencesUpdatedAt: null,
      noticeSentAt: null,
    };
    expect(listCsv([subscriber])).toBe(
      'email,categories,frequency,status\r\na@example.org,"biz-updates,industrial-parks",weekly,confirmed\r\n',
    );
    const exported = parseCsv(exportCsv([subscriber]));
    const [header, row] = exported.map((record) => record.fields);
    const record = Object.fromEntries((header ?? []).map((name, i) => [name, row?.[i]]));
    expect(record).toMatchObject({
      id: 'id-1',
      email: 'a@example.org',
      categories: 'biz-updates,industrial-parks',
      subscribed_at: '2024-06-21T00:00:00.000Z',
      subscribed_ip: '192.0.2.1',
      subscribed_user_agent: '\'=HYPERLINK("http://evil")',
      subscribed_source: 'web',
      unsubscribed_at: '',
    });
  });
});
