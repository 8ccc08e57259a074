import { describe, expect, it } from 'vitest';
import { consoleApp, signIn } from '../helpers/console-app.js';
import { createSqlite } from '../helpers/db.js';

const LOCAL = 'http://127.0.0.1';

describe('the console Outbox page', () => {
  it('lists what went to data/outbox/ and shows each message as HTML and text, links working', async () => {
    const database = await createSqlite();
    const gazette = await consoleApp(database.db, '');
    try {
      const { app } = gazette;
      const subscribed = await app.request(`${LOCAL}/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'reader@example.org' }).toString(),
      });
      expect(subscribed.status).toBe(202);
      const { cookie } = await signIn(app);
      const list = await (
        await app.request(`${LOCAL}/console/outbox`, { headers: { cookie } })
      ).text();
      expect(list).toContain('<a href="/console/outbox">Outbox</a>');
      expect(list).toContain('<td>reader@example.org</td>');
      const link = /<a href="\/console\/outbox\/([^"]+)">([^<]+)<\/a>/.exec(list);
      expect(link?.[2]).toMatch(/confirm/i);
      // Times name their zone.
      expect(list).toMatch(/<td>\d{1,2} \w{3} \d{4}, \d{2}:\d{2} Europe\/Berlin<\/td>/);

      const shown = await app.request(`${LOCAL}/console/outbox/${link?.[1]}`, {
        headers: { cookie },
      });
      expect(shown.status).toBe(200);
      const page = await shown.text();
      // Decoded (no quoted-printable soft breaks): the confirmation link is whole and clickable.
      const confirm =
        /<a href="(http:\/\/gazette\.test\/confirm\?token=[^"]+)" target="_blank"/.exec(page);
      expect(confirm?.[1]).toMatch(/^http:\/\/gazette\.test\/confirm\?token=[\w.-]+$/);
      expect(page).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"');
      expect(page).toMatch(/srcdoc="&lt;base target=&quot;_blank&quot;&gt;/);
      expect(page).toContain(confirm?.[1]?.replace(/&/g, '&amp;') ?? 'missing');

      expect(
        (await app.request(`${LOCAL}/console/outbox/..%2Fsecret`, { headers: { cookie } })).status,
      ).toBe(404);
      expect((await app.request(`${LOCAL}/console/outbox`)).status).toBe(303);
    } finally {
      await gazette.close();
      await database.drop();
    }
  });

  it('is not there when mail goes to an SMTP server', async () => {
    const database = await createSqlite();
    const gazette = await consoleApp(database.db, 'smtp://127.0.0.1:9');
    try {
      const { cookie } = await signIn(gazette.app);
      const home = await (
        await gazette.app.request(`${LOCAL}/console/`, { headers: { cookie } })
      ).text();
      expect(home).not.toContain('/console/outbox');
      const outbox = await gazette.app.request(`${LOCAL}/console/outbox`, { headers: { cookie } });
      expect(outbox.status).toBe(404);
    } finally {
      await gazette.close();
      await database.drop();
    }
  });
});
