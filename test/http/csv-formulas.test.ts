import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCsv, parseCsv } from '../../src/subscribers/index.js';
import { type ConsoleApp, consoleApp, signIn } from '../helpers/console-app.js';
import { createSqlite, type TestDatabase } from '../helpers/db.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';

const LOCAL = 'http://127.0.0.1';
/** Valid addresses that a spreadsheet would run as formulas, and one that merely looks escaped. */
const ADDRESSES = [
  '=1+2@example.com',
  '+33@example.org',
  '-2+3@example.org',
  "'=already@example.org",
  "'plain@example.org",
  'reader@example.org',
];
const FORMULA = /^[=+\-@\t\r]/;

/**
 * An address such as `=1+2@example.com` is valid, so anyone can subscribe one; an operator who
 * opens the export in a spreadsheet must not run it. Every CSV cell Gazette writes that starts
 * like a formula is prefixed with `'`, and the import takes the prefix off again.
 */
describe('formula addresses through export and import', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let sink: SmtpSink;
  let from: ConsoleApp;
  let to: ConsoleApp;

  beforeAll(async () => {
    [source, target] = await Promise.all([createSqlite(), createSqlite()]);
    sink = await startSmtpSink();
    from = await consoleApp(source.db, sink.url);
    to = await consoleApp(target.db, sink.url);
    const preferences = { categories: [], frequency: 'weekly' as const };
    for (const email of ADDRESSES) {
      await from.services.subscriptions.add(
        email,
        preferences,
        { confirmed: true, source: 'cli' },
        new Date(),
      );
    }
    // Free text a subscriber gave, kept as consent evidence, goes into the export too.
    await source.db.kysely
      .updateTable('subscribers')
      .set({ subscribed_user_agent: '@SUM(1+1)*cmd|" /C calc"!A0', name: '\t=HYPERLINK("x")' })
      .where('email', '=', 'reader@example.org')
      .execute();
  });
  afterAll(async () => {
    await from?.close();
    await to?.close();
    await sink?.close();
    await source?.drop();
    await target?.drop();
  });

  const cells = (csv: string) => parseCsv(csv).flatMap((record) => record.fields);

  it('no cell of the console export or `subscribers list` starts like a formula', async () => {
    const { cookie } = await signIn(from.app);
    const exported = await (
      await from.app.request(`${LOCAL}/console/subscribers/export.csv`, { headers: { cookie } })
    ).text();
    const listed = listCsv(await from.services.subscriptions.list());
    for (const csv of [exported, listed]) {
      const formulas = cells(csv).filter((cell) => FORMULA.test(cell));
      expect(formulas).toEqual([]);
      expect(cells(csv)).toContain("'=1+2@example.com");
    }
    expect(cells(exported)).toContain('\'@SUM(1+1)*cmd|" /C calc"!A0');
    expect(cells(exported)).toContain('\'\t=HYPERLINK("x")');
  });

  it('importing the export gives back the very same addresses', async () => {
    const { cookie: fromCookie } = await signIn(from.app);
    const exported = await (
      await from.app.request(`${LOCAL}/console/subscribers/export.csv`, {
        headers: { cookie: fromCookie },
      })
    ).text();
    const { cookie, csrf } = await signIn(to.app);
    const form = new FormData();
    form.append('csrf', csrf);
    form.append('confirmed', 'yes');
    form.append('file', new File([exported], 'export.csv', { type: 'text/csv' }));
    const imported = await to.app.request(`${LOCAL}/console/subscribers/import`, {
      method: 'POST',
      headers: { cookie },
      body: form,
    });
    expect(imported.status).toBe(200);
    expect(await imported.text()).toContain(
      `Added ${ADDRESSES.length} of ${ADDRESSES.length} rows`,
    );
    const emails = (await to.services.subscriptions.list()).map((s) => [s.email, s.frequency]);
    expect(emails.sort()).toEqual(ADDRESSES.map((email) => [email, 'weekly']).sort());
  });
});
