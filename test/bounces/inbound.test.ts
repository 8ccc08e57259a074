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
import { createBounceStore, createDeliveryStore } from '../../src/store/index.js';
import { runCli } from '../helpers/cli.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { deliverOverSmtp, deliveryReport, plainMessage } from '../helpers/dsn.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const SECRET = 'a-test-secret-of-enough-length';
const DOMAIN = 'news.example.org';
const silent = { info() {}, warn() {}, error() {} };

/**
 * A real digest run through a real SMTP server, then reports and unsubscribes delivered over
 * SMTP to the listener (and from a file to `gazette bounces import`), on each database.
 */
describe.each(databases)('bounces and mailto unsubscribes on $name', ({ create }) => {
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
  const status = async (email: string) =>
    (
      await test.db.kysely
        .selectFrom('subscribers')
        .select('status')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).status;
  const message = (to: string) => {
    const found = smtp.received.find((r) => r.to === to);
    if (!found) throw new Error(`nothing sent to ${to}`);
    return found;
  };

  beforeAll(async () => {
    test = await create();
    smtp = await startSmtp();
    dir = mkdtempSync(join(tmpdir(), 'gazette-bounces-'));
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

  it('sends each delivery from its own bounce address, with https and mailto unsubscribes', () => {
    const senders = new Set(smtp.received.map((r) => r.from));
    expect(senders.size).toBe(6);
    for (const received of smtp.received) {
      expect(received.from).toMatch(/^bounces\+[0-9a-v]+@news\.example\.org$/);
      expect(received.from.split('@')[0]?.length).toBeLessThanOrEqual(64);
      expect(tokens.read(received.from)).toMatchObject({ kind: 'bounces' });
      const header = /^List-Unsubscribe: (.*(?:\r\n .*)*)/m.exec(received.raw)?.[1] ?? '';
      expect(header).toMatch(
        /^<https:\/\/news\.example\.org\/unsubscribe\?token=[^>]+>,\r\n <mailto:unsubscribe\+[0-9a-v]+@news\.example\.org\?subject=unsubscribe>$/,
      );
    }
  });

  it('a permanent failure reported over SMTP bounces the delivery and suppresses the address', async () => {
    const { from } = message('user1@example.org');
    const report = deliveryReport({ to: from, recipient: 'user1@example.org' });
    expect(await deliverOverSmtp(listener.port, '', from, report)).toEqual({ accepted: true });
    expect(await status('user1@example.org')).toBe('bounced');
    const named = tokens.read(from);
    const id = named.kind === 'bounces' ? named.deliveryId : 0;
    const delivery = await test.db.kysely
      .selectFrom('deliveries')
      .select(['status', 'bounced_at', 'bounce_reason', 'email'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ status: 'sent', email: 'user1@example.org' });
    expect(delivery.bounced_at).toBeGreaterThan(0);
    expect(delivery.bounce_reason).toContain('5.1.1');
    const [subscriber] = await test.db.kysely
      .selectFrom('subscribers')
      .select(['bounce_reason', 'bounced_at'])
      .where('email', '=', 'user1@example.org')
      .execute();
    expect(subscriber?.bounce_reason).toContain('User unknown');
  });

  it('a transient failure is recorded and changes nothing else', async () => {
    const { from } = message('user2@example.org');
    const report = deliveryReport({
      to: from,
      recipient: 'user2@example.org',
      action: 'delayed',
      status: '4.2.2',
      diagnostic: 'smtp; 452 4.2.2 mailbox full',
    });
    expect(await deliverOverSmtp(listener.port, '', from, report)).toEqual({ accepted: true });
    expect(await status('user2@example.org')).toBe('confirmed');
    const reports = await test.db.kysely
      .selectFrom('bounce_reports')
      .select(['recipient', 'status', 'permanent', 'source'])
      .where('recipient', '=', 'user2@example.org')
      .execute();
    expect(reports).toEqual([
      { recipient: 'user2@example.org', status: '4.2.2', permanent: 0, source: 'smtp' },
    ]);
  });

  it('a message to the mailto unsubscribe address unsubscribes that subscriber', async () => {
    const { raw } = message('user3@example.org');
    const to = /<mailto:([^?>]+)/.exec(raw)?.[1] ?? '';
    // Some relays lower-case the local part; the token survives it.
    const sent = await deliverOverSmtp(
      listener.port,
      'user3@example.org',
      to.toUpperCase(),
      plainMessage(to),
    );
    expect(sent).toEqual({ accepted: true });
    expect(await status('user3@example.org')).toBe('unsubscribed');
  });

  it('refuses a forged token and an unrelated recipient at RCPT TO, changing nothing', async () => {
    const { from, raw } = message('user4@example.org');
    const mailto = /<mailto:([^?>]+)/.exec(raw)?.[1] ?? '';
    const flip = (address: string) => {
      const local = address.split('@')[0] ?? '';
      const last = local.at(-1) === 'a' ? 'b' : 'a';
      return `${local.slice(0, -1)}${last}@${DOMAIN}`;
    };
    const before = await test.db.kysely.selectFrom('bounce_reports').selectAll().execute();
    const attempts = [
      [flip(from), deliveryReport({ to: flip(from), recipient: 'user4@example.org' })],
      [flip(mailto), plainMessage(flip(mailto))],
      [
        `bounces+${'0'.repeat(20)}@${DOMAIN}`,
        deliveryReport({ to: 'x', recipient: 'user4@example.org' }),
      ],
      ['postmaster@news.example.org', plainMessage('postmaster@news.example.org')],
      [from.replace(DOMAIN, 'elsewhere.example'), plainMessage('x@elsewhere.example')],
    ] as const;
    for (const [to, body] of attempts) {
      const result = await deliverOverSmtp(listener.port, '', to, body);
      expect(result).toMatchObject({ accepted: false, code: 550 });
    }
    expect(await status('user4@example.org')).toBe('confirmed');
    expect(await test.db.kysely.selectFrom('bounce_reports').selectAll().execute()).toEqual(before);
  });

  it('gazette bounces import reads the same reports and unsubscribes from a file', async () => {
    const bounce = message('user5@example.org');
    const report = join(dir, 'bounce.eml');
    writeFileSync(report, deliveryReport({ to: bounce.from, recipient: 'user5@example.org' }));
    const mailto = /<mailto:([^?>]+)/.exec(message('user0@example.org').raw)?.[1] ?? '';
    const unsubscribe = join(dir, 'unsubscribe.eml');
    writeFileSync(unsubscribe, `Delivered-To: ${mailto}\r\n${plainMessage(mailto)}`);
    const forged = join(dir, 'forged.eml');
    writeFileSync(forged, plainMessage(`unsubscribe+${'1'.repeat(43)}@${DOMAIN}`));

    const imported = await runCli(['bounces', 'import', report, unsubscribe, forged], env());
    // The forged token is also logged (a warning on stderr).
    expect(imported.stderr).toMatch(/"level":40.*does not verify/);
    // The forged file changed nothing: the exit code says so.
    expect(imported.code).toBe(1);
    const lines = imported.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /bounce\.eml: bounced: user5@example\.org 5\.1\.1 .*address suppressed/,
    );
    expect(lines[1]).toMatch(/unsubscribe\.eml: unsubscribed subscriber s000000$/);
    expect(lines[2]).toMatch(/forged\.eml: .*token does not verify/);
    expect(await status('user5@example.org')).toBe('bounced');
    expect(await status('user0@example.org')).toBe('unsubscribed');
  });
});
