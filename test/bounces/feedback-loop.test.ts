import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestWiring, mailDomainOf, mailerFor } from '../../src/app/index.js';
import {
  createAddressTokens,
  type InboundListener,
  startInboundListener,
} from '../../src/bounces/index.js';
import { loadConfig } from '../../src/config.js';
import { send } from '../../src/send/index.js';
import {
  createBounceStore,
  createDeliveryStore,
  createSubscriberRepository,
} from '../../src/store/index.js';
import { exportCsv, listCsv } from '../../src/subscribers/index.js';
import { abuseReport, headersOf } from '../helpers/arf.js';
import { runCli } from '../helpers/cli.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { deliverOverSmtp } from '../helpers/dsn.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const SECRET = 'a-test-secret-of-enough-length';
const DOMAIN = 'news.example.org';
const silent = { info() {}, warn() {}, error() {} };

/**
 * A real digest run through a real SMTP server, then feedback loops' abuse reports (ARF) about
 * its messages delivered over SMTP to the listener, forged ones among them, and one imported
 * from a file, on each database.
 */
describe.each(databases)('feedback loops (ARF) on $name', ({ create }) => {
  let test: TestDatabase;
  let smtp: TestSmtp;
  let listener: InboundListener;
  let dir: string;
  const env = () => ({
    GAZETTE_DATABASE_URL: test.url,
    GAZETTE_ARTICLES_DIR: dir,
    GAZETTE_DATA_DIR: dir,
    GAZETTE_SECRET: SECRET,
    GAZETTE_SITE_URL: 'https://news.example.org',
    GAZETTE_FROM: 'Gazette <news@news.example.org>',
    GAZETTE_INBOUND_SMTP_PORT: '2525',
  });
  const tokens = createAddressTokens(SECRET, DOMAIN);
  const subscriber = (email: string) =>
    test.db.kysely
      .selectFrom('subscribers')
      .select(['id', 'status', 'complained_at', 'complaint_source'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
  const complaints = () =>
    test.db.kysely.selectFrom('complaints').selectAll().orderBy('id').execute();
  const message = (to: string) => {
    const found = smtp.received.find((r) => r.to === to);
    if (!found) throw new Error(`nothing sent to ${to}`);
    return found;
  };

  beforeAll(async () => {
    test = await create();
    smtp = await startSmtp();
    dir = mkdtempSync(join(tmpdir(), 'gazette-arf-'));
    cpSync('articles', dir, { recursive: true });
    await seedSubscribers(test.db, 6);
    const config = loadConfig({ ...env(), GAZETTE_SMTP_URL: smtp.url });
    const mailer = await mailerFor(config);
    const [run] = await send(
      {
        store: createDeliveryStore(test.db),
        mailer,
        ...(await digestWiring(config, test.db, new Date())),
        messageDomain: mailDomainOf(config),
        clock: () => new Date(),
      },
      { kind: 'digest', frequency: 'daily', categories: [], startedBy: 'test' },
    );
    await mailer.close();
    expect(run).toMatchObject({ sent: 6 });
    listener = await startInboundListener({
      tokens,
      store: createBounceStore(test.db),
      logger: silent,
      hostname: DOMAIN,
      port: 0,
      host: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await listener?.close();
    await smtp?.close();
    await test?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every digest carries its run in a Feedback-ID', async () => {
    const [run] = await createDeliveryStore(test.db).listRuns(1);
    for (const received of smtp.received) {
      expect(received.raw).toContain(`\r\nFeedback-ID: daily:${run?.id}:digest:${DOMAIN}\r\n`);
    }
  });

  it('a report sent to the delivery envelope address marks the subscriber complained, once', async () => {
    const { from, raw } = message('user1@example.org');
    const report = abuseReport({ to: from, original: headersOf(raw) });
    expect(await deliverOverSmtp(listener.port, '', from, report)).toEqual({ accepted: true });
    const complained = await subscriber('user1@example.org');
    expect(complained).toMatchObject({ status: 'complained', complaint_source: 'arf-smtp' });
    expect(Number(complained.complained_at)).toBeGreaterThan(0);
    expect(await complaints()).toMatchObject([
      {
        subscriber_id: complained.id,
        source: 'arf-smtp',
        feedback_type: 'abuse',
        reporter: 'ExampleMail-FBL/1.0',
      },
    ]);
    const audit = await test.db.kysely
      .selectFrom('admin_audit')
      .selectAll()
      .where('action', '=', 'subscriber.complained')
      .execute();
    expect(audit).toMatchObject([{ actor: 'arf-smtp', target: complained.id, status: 200 }]);
    // The same report again (feedback loops resend): nothing changes twice.
    expect(await deliverOverSmtp(listener.port, '', from, report)).toEqual({ accepted: true });
    expect(await complaints()).toHaveLength(1);
  });

  it('a report to feedback@ is matched by the reported message: its envelope sender, or its mailto token and Message-ID', async () => {
    const byReturnPath = message('user2@example.org');
    const withReturnPath = `Return-Path: <${byReturnPath.from}>\r\n${headersOf(byReturnPath.raw)}`;
    const feedback = `feedback@${DOMAIN}`;
    const first = abuseReport({ to: feedback, original: withReturnPath });
    expect(await deliverOverSmtp(listener.port, '', feedback, first)).toEqual({ accepted: true });
    expect((await subscriber('user2@example.org')).status).toBe('complained');

    // Some loops strip the envelope: the signed mailto unsubscribe names the reader.
    const second = abuseReport({
      to: feedback,
      original: headersOf(message('user3@example.org').raw),
    });
    expect(await deliverOverSmtp(listener.port, '', feedback, second)).toEqual({ accepted: true });
    expect((await subscriber('user3@example.org')).status).toBe('complained');
    expect(await complaints()).toHaveLength(3);
  });

  it('refuses forged reports, changing nothing', async () => {
    const before = await complaints();
    const { from, raw } = message('user4@example.org');
    const local = from.split('@')[0] ?? '';
    const forgedEnvelope = `${local.slice(0, -1)}${local.at(-1) === 'a' ? 'b' : 'a'}@${DOMAIN}`;
    const feedback = `feedback@${DOMAIN}`;
    // A made-up token at RCPT TO, as a forged bounce report is.
    const atRcpt = abuseReport({ to: forgedEnvelope, original: headersOf(raw) });
    expect(await deliverOverSmtp(listener.port, '', forgedEnvelope, atRcpt)).toMatchObject({
      accepted: false,
      code: 550,
    });
    // A report to feedback@ whose reported message carries a made-up token, or none at all.
    const stripped = headersOf(raw)
      .split('\r\n')
      .filter((line) => !/^(List-Unsubscribe|\s)/i.test(line))
      .join('\r\n');
    for (const original of [`Return-Path: <${forgedEnvelope}>\r\n${stripped}`, stripped]) {
      const report = abuseReport({ to: feedback, original });
      expect(await deliverOverSmtp(listener.port, '', feedback, report)).toMatchObject({
        accepted: false,
        code: 550,
      });
    }
    expect((await subscriber('user4@example.org')).status).toBe('confirmed');
    expect(await complaints()).toEqual(before);
  });

  it('a not-spam report changes nothing', async () => {
    const { from, raw } = message('user4@example.org');
    const report = abuseReport({ to: from, original: headersOf(raw), feedbackType: 'not-spam' });
    expect(await deliverOverSmtp(listener.port, '', from, report)).toEqual({ accepted: true });
    expect((await subscriber('user4@example.org')).status).toBe('confirmed');
  });

  it('gazette bounces import reads a report saved from the abuse mailbox, and subscribers list shows it', {
    timeout: 60_000,
  }, async () => {
    const { from, raw } = message('user5@example.org');
    const file = join(dir, 'fbl.eml');
    writeFileSync(
      file,
      abuseReport({
        to: 'abuse@news.example.org',
        original: headersOf(raw),
        originalMailFrom: from,
      }),
    );
    const imported = await runCli(['bounces', 'import', file], env());
    expect(imported.stdout).toMatch(/fbl\.eml: complained: user5@example\.org reported run /);
    expect(imported.code).toBe(0);
    expect(await subscriber('user5@example.org')).toMatchObject({
      status: 'complained',
      complaint_source: 'arf-file',
    });
    // What `gazette subscribers list` and `export` print, from the same rows.
    const all = await createSubscriberRepository(test.db).list();
    expect(listCsv(all)).toContain('user5@example.org,,daily,complained');
    const exported = exportCsv(all);
    expect(exported.split('\r\n')[0]).toContain('complained_at,complaint_source');
    expect(exported).toMatch(/user5@example\.org,.*,\d{4}-\d\d-\d\dT[\d:.]+Z,arf-file,/);
  });

  it('a complained subscriber is not in the next run', async () => {
    const config = loadConfig({ ...env(), GAZETTE_SMTP_URL: smtp.url });
    const store = createDeliveryStore(test.db);
    await test.db.kysely.deleteFrom('article_seen').execute();
    const wiring = await digestWiring(config, test.db, new Date());
    const due: string[] = [];
    await store.planRun(
      {
        kind: 'digest',
        frequency: 'daily',
        categories: [],
        startedBy: 'test',
        now: new Date(),
        windowStart: null,
      },
      async (s) => {
        due.push(s.email);
        return wiring.select(s, new Date());
      },
      { persist: false, messageId: () => '' },
    );
    expect(due.sort()).toEqual(['user0@example.org', 'user4@example.org']);
  });
});
