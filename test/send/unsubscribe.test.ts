import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestWiring, mailDomainOf, mailerFor, openSubscriptions } from '../../src/app/index.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/index.js';
import { createLogger } from '../../src/log.js';
import { send } from '../../src/send/index.js';
import { createDeliveryStore } from '../../src/store/index.js';
import { createSqlite, type TestDatabase } from '../helpers/db.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';
import { staticSite } from '../helpers/site.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

describe('one-click unsubscribe from a sent digest', () => {
  let test: TestDatabase;
  let smtp: TestSmtp;
  let dir: string;
  beforeEach(async () => {
    test = await createSqlite();
    smtp = await startSmtp();
    dir = mkdtempSync(join(tmpdir(), 'gazette-articles-'));
    cpSync('articles', dir, { recursive: true });
  });
  afterEach(async () => {
    await smtp.close();
    await test.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the List-Unsubscribe URL, POSTed, stops all later mail to that address', async () => {
    const config = loadConfig({
      GAZETTE_DATABASE_URL: test.url,
      GAZETTE_SMTP_URL: smtp.url,
      GAZETTE_ARTICLES_DIR: dir,
      GAZETTE_DATA_DIR: dir,
      GAZETTE_SECRET: 'a-test-secret-of-enough-length',
      GAZETTE_SITE_URL: 'https://news.example.org',
      GAZETTE_FROM: 'Gazette <news@example.org>',
    });
    await seedSubscribers(test.db, 3);
    const run = async () => {
      const mailer = await mailerFor(config);
      const now = new Date();
      const [result] = await send(
        {
          store: createDeliveryStore(test.db),
          mailer,
          ...(await digestWiring(config, test.db, now)),
          messageDomain: mailDomainOf(config),
          clock: () => new Date(),
        },
        { kind: 'digest', frequency: 'daily', categories: [], startedBy: 'test' },
      );
      await mailer.close();
      return result;
    };
    expect(await run()).toMatchObject({ sent: 3 });
    const raw = smtp.received.find((r) => r.to === 'user1@example.org')?.raw ?? '';
    const url = /^List-Unsubscribe: <([^>]+)>/m.exec(raw)?.[1] ?? '';
    expect(url).toMatch(/^https:\/\/news\.example\.org\/unsubscribe\?token=/);

    const subscriptions = await openSubscriptions(config, test.db, () => []);
    const app = createApp({
      config,
      logger: createLogger('silent'),
      site: staticSite(),
      subscriptions: subscriptions.service,
    });
    const response = await app.request(url.replace('https://news.example.org', ''), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBeLessThan(300);
    subscriptions.close();

    writeFileSync(
      join(dir, '999_new.txt'),
      'Home>Biz updates\n\nA brand new story\n\nUpdated : 2024-06-22\n\nBy ( test )\n\nBody paragraph.\n',
    );
    expect(await run()).toMatchObject({ planned: 2, sent: 2 });
    const later = smtp.received.slice(3).map((r) => r.to);
    expect(later.sort()).toEqual(['user0@example.org', 'user2@example.org']);
  });
});
