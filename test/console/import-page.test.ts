import { describe, expect, it } from 'vitest';
import { MAX_CSV_BYTES } from '../../src/console/pages/csv-upload.js';
import { listen } from '../../src/http/index.js';
import { freshConsoleApp } from '../helpers/console-app.js';
import { databases } from '../helpers/db.js';

const IMPORT = 'http://127.0.0.1/console/subscribers/import';
const HEADER = 'email,categories,frequency';

/** A browser's import form: the hidden CSRF field, the consent box, a file and/or pasted text. */
function importForm(fields: Record<string, string>, file?: { name: string; bytes: BlobPart }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append('file', new File([file.bytes], file.name, { type: 'text/csv' }));
  return form;
}

describe.each(databases)('importing subscribers from a CSV file on $name', ({ create }) => {
  const fixture = freshConsoleApp(create, { signedIn: true });

  const upload = (form: FormData, cookie = fixture.session.cookie) =>
    fixture.gazette.app.request(IMPORT, { method: 'POST', headers: { cookie }, body: form });
  const subscribers = async () =>
    (await fixture.gazette.services.subscriptions.list()).map((s) => `${s.email} ${s.status}`);
  const lastAudit = async () => (await fixture.gazette.services.audit.recent(1))[0];

  it('imports a long unconfirmed list in the background, on a page that follows it', async () => {
    const rows = Array.from({ length: 230 }, (_, i) => `reader${i}@example.org,,daily`);
    const form = importForm(
      { csrf: fixture.session.csrf },
      { name: 'big.csv', bytes: [HEADER, ...rows, 'broken,,daily'].join('\n') },
    );
    const before = fixture.sink.messages.length;
    const response = await upload(form);
    expect(response.status).toBe(303);
    const page = response.headers.get('location') ?? '';
    expect(page).toMatch(/^\/console\/subscribers\/imports\/import-[0-9a-f]+$/);
    const get = async (url: string) =>
      fixture.gazette.app.request(`http://127.0.0.1${url}`, {
        headers: { cookie: fixture.session.cookie },
      });
    expect(await (await get(page)).text()).toMatch(/<progress id="import-progress"/);
    expect((await lastAudit())?.detail).toMatchObject({ rows: 231, background: true });

    let job = { status: 'running', done: 0, total: 0 };
    for (let i = 0; i < 600 && job.status === 'running'; i++) {
      await new Promise((done) => setTimeout(done, 50));
      job = await (await get(`${page}?format=json`)).json();
    }
    expect(job).toEqual({ status: 'done', done: 230, total: 230 });
    const report = await (await get(page)).text();
    expect(report).toContain('Added 230 of 231 rows from big.csv.');
    expect(report).toMatch(/<td class="n">232<\/td><td><\/td><td>email: not a valid address/);
    await fixture.sink.waitFor(before + 230);
    expect((await subscribers()).filter((s) => s.endsWith(' pending'))).toHaveLength(230);
    expect(await lastAudit()).toMatchObject({
      action: 'subscribers.import.finished',
      detail: { rows: 231, added: 230, refused: 1, confirmed: false },
    });
    // Another session's browser may follow it too, but nobody without one.
    const anonymous = await fixture.gazette.app.request(`http://127.0.0.1${page}`, {
      redirect: 'manual',
    });
    expect(anonymous.status).toBe(303);
    expect((await get('/console/subscribers/imports/import-000000000000')).status).toBe(404);
  });

  it('offers a file input in a multipart form, keeping the paste box', async () => {
    const page = await fixture.gazette.app.request(IMPORT, {
      headers: { cookie: fixture.session.cookie },
    });
    const text = await page.text();
    expect(text).toMatch(/<form method="post" action="[^"]+" enctype="multipart\/form-data">/);
    expect(text).toMatch(
      /<label for="file">[^<]+<\/label>\s*<input type="file" id="file" name="file" accept=".csv,text\/csv"[^>]*>/,
    );
    expect(text).toMatch(/<label for="csv">[^<]+<\/label>\s*<textarea id="csv" name="csv"/);
  });

  it('imports an uploaded file (BOM, CRLF), reports each bad row, and audits counts only', async () => {
    const mailed = fixture.sink.messages.length;
    const csv = [
      `\uFEFF${HEADER}`,
      'new@example.org,biz-updates,daily',
      'not-an-address,,daily',
      'other@example.org,,weekly',
      'wrong@example.org,sports,daily',
      '',
    ].join('\r\n');
    const form = importForm(
      { csrf: fixture.session.csrf, confirmed: 'yes' },
      { name: 'list.csv', bytes: csv },
    );
    const response = await upload(form);
    expect(response.status).toBe(200);
    const report = await response.text();
    expect(report).toContain('Added 2 of 4 rows from list.csv.');
    expect(report).toMatch(/<td class="n">2<\/td><td>new@example.org<\/td><td>added<\/td>/);
    expect(report).toMatch(/<td class="n">3<\/td><td><\/td><td>email: not a valid address/);
    expect(report).toMatch(
      /<td class="n">5<\/td><td><\/td><td>categories: unknown &quot;sports&quot;/,
    );
    // --confirmed carried over: nobody was sent a confirmation email.
    expect(await subscribers()).toEqual([
      'new@example.org confirmed',
      'other@example.org confirmed',
    ]);
    expect(fixture.sink.messages).toHaveLength(mailed);

    const entry = await lastAudit();
    expect(entry).toMatchObject({ actor: 'console', action: 'subscribers.import', status: 200 });
    expect(entry?.detail).toEqual({
      rows: 4,
      added: 2,
      existing: 0,
      refused: 2,
      confirmed: true,
      source: 'file',
      file: 'list.csv',
      bytes: Buffer.byteLength(csv),
    });
    expect(JSON.stringify(entry)).not.toMatch(/new@example\.org|not-an-address/);
  });

  it('still imports pasted text from the same form', async () => {
    const form = importForm({
      csrf: fixture.session.csrf,
      csv: `${HEADER}\npasted@example.org,,daily\n`,
    });
    form.append('file', new File([], '', { type: 'application/octet-stream' }));
    const response = await upload(form);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Added 1 of 1 rows.');
    expect(await subscribers()).toEqual(['pasted@example.org pending']);
    expect((await lastAudit())?.detail).toMatchObject({ source: 'paste', added: 1 });
  });

  it('refuses an upload without the CSRF field (403) and imports nothing', async () => {
    const form = importForm(
      { confirmed: 'yes' },
      { name: 'a.csv', bytes: `${HEADER}\na@example.org,,daily\n` },
    );
    const response = await upload(form);
    expect(response.status).toBe(403);
    const wrong = importForm(
      { csrf: `${fixture.session.csrf}x` },
      { name: 'a.csv', bytes: `${HEADER}\na@example.org,,daily\n` },
    );
    expect((await upload(wrong)).status).toBe(403);
    expect((await upload(importForm({ csrf: fixture.session.csrf }), '')).status).toBe(403);
    expect(await subscribers()).toEqual([]);
    expect(await lastAudit()).toMatchObject({ action: 'subscribers.import', status: 403 });
  });

  it('refuses a file that is not UTF-8 text (415) and imports nothing', async () => {
    // "josé@example.org" in Latin-1: decoded loosely it would become another address.
    const latin1 = Buffer.from(
      `${HEADER}\nok@example.org,,daily\njos\xe9@example.org,,daily\n`,
      'latin1',
    );
    const response = await upload(
      importForm({ csrf: fixture.session.csrf }, { name: 'latin1.csv', bytes: latin1 }),
    );
    expect(response.status).toBe(415);
    expect(await response.text()).toMatch(/Nothing was imported: the file is not UTF-8 text/);
    const binary = new Uint8Array([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x00, 0x01]);
    expect(
      (await upload(importForm({ csrf: fixture.session.csrf }, { name: 'x.xls', bytes: binary })))
        .status,
    ).toBe(415);
    expect(await subscribers()).toEqual([]);
    expect((await lastAudit())?.detail).toMatchObject({ source: 'file', file: 'x.xls' });
  });

  it('refuses a file and pasted text together (400) and imports nothing', async () => {
    const form = importForm(
      { csrf: fixture.session.csrf, csv: `${HEADER}\nb@example.org,,daily\n` },
      { name: 'a.csv', bytes: `${HEADER}\na@example.org,,daily\n` },
    );
    const response = await upload(form);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('choose a file or paste CSV, not both');
    expect(await subscribers()).toEqual([]);
  });

  it('refuses a file just over the limit (413) with a page, and imports nothing', async () => {
    const rows = `${HEADER}\n${'x@example.org,,daily\n'}`;
    const padded = rows + ' '.repeat(MAX_CSV_BYTES + 1 - rows.length);
    const response = await upload(
      importForm({ csrf: fixture.session.csrf }, { name: 'big.csv', bytes: padded }),
    );
    expect(response.status).toBe(413);
    const page = await response.text();
    expect(page).toMatch(/Nothing was imported: big\.csv is 5,242,881 bytes; the most is 5 MiB/);
    expect(page).toMatch(/<input type="file"/);
    expect(await subscribers()).toEqual([]);
    expect(await lastAudit()).toMatchObject({ status: 413, detail: { file: 'big.csv' } });
  });

  it('refuses a far bigger upload over HTTP before reading it, and the client gets the page', async () => {
    const server = await listen(fixture.gazette.app, 0, '127.0.0.1');
    try {
      const huge = `${HEADER}\n${'y@example.org,,daily\n'.repeat(400_000)}`; // about 8 MiB
      const url = `http://127.0.0.1:${server.port}/console/subscribers/import`;
      const form = importForm({ csrf: fixture.session.csrf }, { name: 'huge.csv', bytes: huge });
      const response = await fetch(url, {
        method: 'POST',
        headers: { cookie: fixture.session.cookie },
        body: form,
      });
      expect(response.status).toBe(413);
      expect(await response.text()).toMatch(/Nothing was imported: the upload is over 5 MiB/);
      // Streamed without a length (chunked), it is cut off at the limit as well.
      const chunked = await fetch(url, {
        method: 'POST',
        headers: {
          cookie: fixture.session.cookie,
          'content-type': 'multipart/form-data; boundary=b',
        },
        body: new Blob([huge]).stream(),
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      await chunked.text();
    } finally {
      await server.close();
    }
    expect(await subscribers()).toEqual([]);
    expect(await lastAudit()).toMatchObject({
      status: 413,
      detail: { reason: 'upload over the size limit' },
    });
  });
});
