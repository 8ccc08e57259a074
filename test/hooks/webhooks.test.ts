import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hooksFor } from '../../src/app/hooks.js';
import { digestWiring, mailDomainOf, mailerFor } from '../../src/app/index.js';
import { createAddressTokens } from '../../src/bounces/index.js';
import { loadConfig } from '../../src/config.js';
import { createApp, listen, type RunningServer } from '../../src/http/index.js';
import { createLogger } from '../../src/log.js';
import { send } from '../../src/send/index.js';
import { createDeliveryStore } from '../../src/store/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import {
  genericHeaders,
  mailgunSignature,
  sendgridHeaders,
  sendgridKeys,
  signedSns,
  snsCertificate,
  snsHost,
} from '../helpers/relays.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { hasTool } from '../helpers/tools.js';

const SECRET = 'a-test-secret-of-enough-length';
const DOMAIN = 'news.example.org';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:gazette-feedback';
const POSTMARK = 'postmark-token-for-tests';
const MAILGUN = 'mailgun-signing-key-for-tests';
const GENERIC = 'generic-hook-secret-for-tests';
const sendgrid = sendgridKeys();
const seconds = () => Math.floor(Date.now() / 1000);

/**
 * Each relay's webhook, over real HTTP, after a real run through a real SMTP server: payloads in
 * each relay's documented format signed with keys the test makes, then forged, unsigned, stale,
 * replayed, malformed and unknown ones, on each database.
 */
describe.skipIf(!hasTool('/usr/bin/openssl', 'openssl')).each(databases)(
  'relay webhooks on $name',
  ({ create }) => {
    let test: TestDatabase;
    let smtp: TestSmtp;
    let server: RunningServer;
    let host: Awaited<ReturnType<typeof snsHost>>;
    let dir: string;
    let runId: string;
    let sns: ReturnType<typeof snsCertificate>;
    const tokens = createAddressTokens(SECRET, DOMAIN);

    const post = async (provider: string, body: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`http://127.0.0.1:${server.port}/hooks/${provider}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const delivery = (email: string) =>
      test.db.kysely
        .selectFrom('deliveries')
        .select(['id', 'message_id'])
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
    const status = async (email: string) =>
      (
        await test.db.kysely
          .selectFrom('subscribers')
          .select('status')
          .where('email', '=', email)
          .executeTakeFirstOrThrow()
      ).status;
    const snapshot = async () => {
      const count = async (table: 'complaints' | 'bounce_reports' | 'hook_events') =>
        Number(
          (
            await test.db.kysely
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirst()
          )?.n,
        );
      return {
        subscribers: await test.db.kysely
          .selectFrom('subscribers')
          .select(['email', 'status'])
          .orderBy('email')
          .execute(),
        bounced: await test.db.kysely
          .selectFrom('deliveries')
          .select('id')
          .where('bounced_at', 'is not', null)
          .execute(),
        complaints: await count('complaints'),
        reports: await count('bounce_reports'),
        events: await count('hook_events'),
      };
    };
    const refusedWithNothingChanged = async (
      attempts: [string, string, Record<string, string>, number][],
    ) => {
      const before = await snapshot();
      for (const [provider, body, headers, expected] of attempts) {
        const answer = await post(provider, body, headers);
        expect({ provider, status: answer.status }).toEqual({ provider, status: expected });
        expect(answer.body.error).toMatch(/\w/);
      }
      expect(await snapshot()).toEqual(before);
    };

    beforeAll(async () => {
      test = await create();
      smtp = await startSmtp();
      sns = snsCertificate();
      host = await snsHost(sns.certificate);
      dir = mkdtempSync(join(tmpdir(), 'gazette-hooks-'));
      cpSync('articles', dir, { recursive: true });
      await seedSubscribers(test.db, 14);
      const config = loadConfig({
        GAZETTE_DATABASE_URL: test.url,
        GAZETTE_ARTICLES_DIR: dir,
        GAZETTE_DATA_DIR: dir,
        GAZETTE_SECRET: SECRET,
        GAZETTE_SITE_URL: 'https://news.example.org',
        GAZETTE_FROM: 'Gazette <news@news.example.org>',
        GAZETTE_SMTP_URL: smtp.url,
        GAZETTE_HOOK_SES_TOPICS: TOPIC,
        GAZETTE_HOOK_SENDGRID_KEY: sendgrid.verificationKey,
        GAZETTE_HOOK_POSTMARK_TOKEN: POSTMARK,
        GAZETTE_HOOK_MAILGUN_KEY: MAILGUN,
        GAZETTE_HOOK_SECRET: GENERIC,
      });
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
      expect(run).toMatchObject({ sent: 14 });
      runId = run?.id ?? '';
      const logger = createLogger('silent');
      // The configuration seam: certificates are fetched from the test's host, not SNS's.
      const hooks = await hooksFor(config, test.db, logger, {
        snsUrl: new RegExp(`^${host.base.replace(/[.]/g, '\\.')}/`),
      });
      const site = { current: () => ({ articles: [], categories: [], problems: [] }) };
      const app = createApp({
        config,
        logger,
        site: {
          ...site,
          published: () => ({ articles: [], categories: [], bySlug: new Map(), files: new Map() }),
        },
        hooks,
      });
      server = await listen(app, 0, '127.0.0.1');
    });
    afterAll(async () => {
      await server?.close();
      await host?.close();
      await smtp?.close();
      await test?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    describe('ses (SNS)', () => {
      const certUrl = () => `${host.base}/SimpleNotificationService-test.pem`;
      const notification = (message: object, changes: Partial<Record<string, string>> = {}) => ({
        Type: 'Notification' as const,
        MessageId: randomBytes(8).toString('hex'),
        TopicArn: TOPIC,
        Message: JSON.stringify(message),
        Timestamp: new Date().toISOString(),
        ...changes,
      });
      const complaintFor = async (email: string) => ({
        notificationType: 'Complaint',
        complaint: {
          complainedRecipients: [{ emailAddress: email }],
          complaintFeedbackType: 'abuse',
          userAgent: 'Yahoo!-Mail-Feedback/2.0',
          timestamp: new Date().toISOString(),
          feedbackId: '0100-feedback',
        },
        mail: {
          source: tokens.bounceAddress((await delivery(email)).id),
          messageId: '0100018f-ses-id',
          destination: [email],
        },
      });

      it('confirms the subscription by fetching the SubscribeURL', async () => {
        const url = `${host.base}/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=abc`;
        const body = signedSns(
          {
            Type: 'SubscriptionConfirmation',
            MessageId: 'confirm-1',
            TopicArn: TOPIC,
            Message: 'You have chosen to subscribe to the topic.',
            Timestamp: new Date().toISOString(),
            SubscribeURL: url,
            Token: 'abc',
          },
          sns.key,
          certUrl(),
        );
        expect(await post('ses', JSON.stringify(body))).toEqual({
          status: 200,
          body: { confirmed: true },
        });
        expect(host.confirmations).toHaveLength(1);
      });

      it('a complaint marks the subscriber complained, once however often it is posted', async () => {
        const body = JSON.stringify(
          signedSns(notification(await complaintFor('user0@example.org')), sns.key, certUrl(), '1'),
        );
        expect(await post('ses', body)).toEqual({
          status: 200,
          body: { applied: 1, duplicates: 0, ignored: 0 },
        });
        expect(await status('user0@example.org')).toBe('complained');
        const before = await snapshot();
        expect(await post('ses', body)).toMatchObject({ status: 200, body: { duplicates: 1 } });
        expect(await snapshot()).toEqual(before);
        const [row] = await test.db.kysely.selectFrom('complaints').selectAll().execute();
        expect(row).toMatchObject({ source: 'ses', reporter: 'Yahoo!-Mail-Feedback/2.0' });
      });

      it('a permanent bounce, named by our Message-ID in the original headers, bounces the address', async () => {
        const { message_id } = await delivery('user1@example.org');
        const message = {
          notificationType: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: [
              {
                emailAddress: 'user1@example.org',
                status: '5.1.1',
                diagnosticCode: 'smtp; 550 5.1.1 user unknown',
              },
            ],
            timestamp: new Date().toISOString(),
          },
          mail: {
            source: 'bounces@relay.example',
            messageId: '0100018f-ses-id-2',
            headers: [{ name: 'Message-ID', value: `<${message_id}>` }],
          },
        };
        const body = JSON.stringify(signedSns(notification(message), sns.key, certUrl()));
        expect(await post('ses', body)).toMatchObject({ status: 200, body: { applied: 1 } });
        expect(await status('user1@example.org')).toBe('bounced');
      });

      it('refuses forged, unsigned, stale, malformed and unknown notifications, changing nothing', async () => {
        const good = signedSns(
          notification(await complaintFor('user12@example.org')),
          sns.key,
          certUrl(),
        );
        const altered = { ...good, Message: good.Message?.replace('abuse', 'other') };
        const otherTopic = signedSns(
          notification(await complaintFor('user12@example.org'), { TopicArn: `${TOPIC}-other` }),
          sns.key,
          certUrl(),
        );
        const offHost = signedSns(
          notification(await complaintFor('user12@example.org')),
          sns.key,
          'https://sns.eu-west-1.amazonaws.com.evil.example/SimpleNotificationService-x.pem',
        );
        const { Signature: _, ...unsigned } = good;
        const stale = signedSns(
          notification(await complaintFor('user12@example.org'), {
            Timestamp: new Date(Date.now() - 2 * 3_600_000).toISOString(),
          }),
          sns.key,
          certUrl(),
        );
        const stranger = {
          notificationType: 'Complaint',
          complaint: { complainedRecipients: [{ emailAddress: 'stranger@example.net' }] },
          mail: { source: 'someone@relay.example' },
        };
        const unknown = signedSns(notification(stranger), sns.key, certUrl());
        await refusedWithNothingChanged([
          ['ses', JSON.stringify(altered), {}, 403],
          ['ses', JSON.stringify(otherTopic), {}, 403],
          ['ses', JSON.stringify(offHost), {}, 403],
          ['ses', JSON.stringify(unsigned), {}, 401],
          ['ses', JSON.stringify(stale), {}, 403],
          ['ses', '{"Type": "Notification", ', {}, 400],
          ['ses', JSON.stringify(unknown), {}, 422],
        ]);
        expect(await status('user12@example.org')).toBe('confirmed');
      });
    });

    describe('sendgrid', () => {
      it('a signed batch: a hard bounce by smtp-id, a spam report by address, a delivery ignored', async () => {
        const { message_id } = await delivery('user2@example.org');
        const events = [
          {
            email: 'user2@example.org',
            timestamp: seconds(),
            'smtp-id': `<${message_id}>`,
            event: 'bounce',
            type: 'bounce',
            status: '5.1.1',
            reason: '550 5.1.1 The email account that you tried to reach does not exist',
            sg_event_id: 'sg-bounce-1',
            sg_message_id: 'abc.filter0001',
          },
          {
            email: 'user3@example.org',
            timestamp: seconds(),
            event: 'spamreport',
            sg_event_id: 'sg-spam-1',
            sg_message_id: 'def.filter0001',
          },
          {
            email: 'user13@example.org',
            timestamp: seconds(),
            event: 'delivered',
            sg_event_id: 'sg-delivered-1',
            sg_message_id: 'ghi.filter0001',
          },
        ];
        const body = JSON.stringify(events);
        const headers = sendgridHeaders(sendgrid.privateKey, body, seconds());
        expect(await post('sendgrid', body, headers)).toEqual({
          status: 200,
          body: { applied: 2, duplicates: 0, ignored: 1 },
        });
        expect(await status('user2@example.org')).toBe('bounced');
        expect(await status('user3@example.org')).toBe('complained');
        expect(await status('user13@example.org')).toBe('confirmed');
        // SendGrid retries what it thinks failed: the same request again changes nothing.
        const before = await snapshot();
        expect(await post('sendgrid', body, headers)).toMatchObject({ body: { duplicates: 2 } });
        expect(await snapshot()).toEqual(before);
      });

      it('refuses forged, unsigned, stale, malformed and unknown batches, changing nothing', async () => {
        const event = (email: string, id: string) =>
          JSON.stringify([{ email, timestamp: seconds(), event: 'spamreport', sg_event_id: id }]);
        const body = event('user12@example.org', 'sg-x');
        const other = sendgridKeys();
        const unknown = event('stranger@example.net', 'sg-y');
        await refusedWithNothingChanged([
          ['sendgrid', body, sendgridHeaders(other.privateKey, body, seconds()), 403],
          ['sendgrid', body, {}, 401],
          ['sendgrid', body, sendgridHeaders(sendgrid.privateKey, body, seconds() - 3600), 403],
          [
            'sendgrid',
            '{"not": "an array"}',
            sendgridHeaders(sendgrid.privateKey, '{"not": "an array"}', seconds()),
            400,
          ],
          ['sendgrid', unknown, sendgridHeaders(sendgrid.privateKey, unknown, seconds()), 422],
          // A signature over one body does not carry over to another.
          [
            'sendgrid',
            event('user12@example.org', 'sg-z'),
            sendgridHeaders(sendgrid.privateKey, body, seconds()),
            403,
          ],
        ]);
      });
    });

    describe('postmark', () => {
      const basic = (password: string) => ({
        authorization: `Basic ${Buffer.from(`gazette:${password}`).toString('base64')}`,
      });

      it('a spam complaint (basic auth), a hard bounce (token header) and an unsubscribe', async () => {
        const complaint = {
          RecordType: 'SpamComplaint',
          ID: 4242,
          Type: 'SpamComplaint',
          TypeCode: 512,
          Name: 'Spam complaint',
          MessageID: '00000000-0000-0000-0000-000000000001',
          ServerID: 23,
          Email: 'user4@example.org',
          From: 'news@news.example.org',
          BouncedAt: new Date().toISOString(),
          MessageStream: 'broadcast',
        };
        expect(await post('postmark', JSON.stringify(complaint), basic(POSTMARK))).toMatchObject({
          status: 200,
          body: { applied: 1 },
        });
        const bounce = {
          RecordType: 'Bounce',
          ID: 4243,
          Type: 'HardBounce',
          TypeCode: 1,
          MessageID: '00000000-0000-0000-0000-000000000002',
          Description:
            'The server was unable to deliver your message (ex: unknown user, mailbox not found).',
          Details: 'smtp;550 5.1.1 user unknown',
          Email: 'user5@example.org',
          BouncedAt: new Date().toISOString(),
          Inactive: true,
        };
        expect(
          await post('postmark', JSON.stringify(bounce), { 'X-Gazette-Token': POSTMARK }),
        ).toMatchObject({ status: 200, body: { applied: 1 } });
        const change = {
          RecordType: 'SubscriptionChange',
          MessageID: '00000000-0000-0000-0000-000000000003',
          ServerID: 23,
          ChangedAt: new Date().toISOString(),
          Recipient: 'user6@example.org',
          Origin: 'Recipient',
          SuppressSending: true,
          SuppressionReason: 'ManualSuppression',
        };
        expect(await post('postmark', JSON.stringify(change), basic(POSTMARK))).toMatchObject({
          status: 200,
          body: { applied: 1 },
        });
        expect(await status('user4@example.org')).toBe('complained');
        expect(await status('user5@example.org')).toBe('bounced');
        expect(await status('user6@example.org')).toBe('unsubscribed');
      });

      it('refuses wrong or missing credentials, stale, malformed and unknown records', async () => {
        const record = (email: string, at = new Date()) =>
          JSON.stringify({
            RecordType: 'SpamComplaint',
            ID: Math.floor(Math.random() * 1e9),
            Email: email,
            BouncedAt: at.toISOString(),
          });
        await refusedWithNothingChanged([
          ['postmark', record('user12@example.org'), {}, 401],
          ['postmark', record('user12@example.org'), basic('wrong-password-here'), 403],
          [
            'postmark',
            record('user12@example.org', new Date(Date.now() - 3 * 86_400_000)),
            basic(POSTMARK),
            403,
          ],
          ['postmark', '{"RecordType": "Bounce"}', basic(POSTMARK), 400],
          ['postmark', record('stranger@example.net'), basic(POSTMARK), 422],
        ]);
      });
    });

    describe('mailgun', () => {
      const body = (
        event: Record<string, unknown>,
        signature = mailgunSignature(MAILGUN, seconds(), randomBytes(25).toString('hex')),
      ) => JSON.stringify({ signature, 'event-data': { timestamp: Date.now() / 1000, ...event } });

      it('a permanent failure by Message-ID, a temporary one noted, a complaint and an unsubscribe', async () => {
        const { message_id } = await delivery('user7@example.org');
        const failed = body({
          id: 'mg-1',
          event: 'failed',
          severity: 'permanent',
          recipient: 'user7@example.org',
          reason: 'bounce',
          message: { headers: { 'message-id': message_id } },
          'delivery-status': { code: 550, description: '5.1.1 mailbox does not exist' },
        });
        expect(await post('mailgun', failed)).toMatchObject({ status: 200, body: { applied: 1 } });
        const temporary = body({
          id: 'mg-2',
          event: 'failed',
          severity: 'temporary',
          recipient: 'user8@example.org',
          'delivery-status': { code: 452, message: '4.2.2 mailbox full' },
        });
        expect(await post('mailgun', temporary)).toMatchObject({
          status: 200,
          body: { applied: 1 },
        });
        for (const [id, event, email] of [
          ['mg-3', 'complained', 'user9@example.org'],
          ['mg-4', 'unsubscribed', 'user10@example.org'],
          ['mg-5', 'opened', 'user13@example.org'],
        ] as const) {
          expect(await post('mailgun', body({ id, event, recipient: email }))).toMatchObject({
            status: 200,
          });
        }
        expect(await status('user7@example.org')).toBe('bounced');
        expect(await status('user8@example.org')).toBe('confirmed');
        expect(await status('user9@example.org')).toBe('complained');
        expect(await status('user10@example.org')).toBe('unsubscribed');
        expect(await status('user13@example.org')).toBe('confirmed');
        const soft = await test.db.kysely
          .selectFrom('bounce_reports')
          .select(['permanent', 'source'])
          .where('recipient', '=', 'user8@example.org')
          .execute();
        expect(soft).toEqual([{ permanent: 0, source: 'mailgun' }]);
      });

      it('refuses forged, unsigned, stale, malformed and unknown events', async () => {
        const event = (email: string) => ({
          id: `mg-${randomBytes(4).toString('hex')}`,
          event: 'complained',
          recipient: email,
        });
        const forged = mailgunSignature('another-signing-key-123', seconds(), 'tok');
        const stale = mailgunSignature(MAILGUN, seconds() - 3600, 'tok2');
        await refusedWithNothingChanged([
          ['mailgun', body(event('user12@example.org'), forged), {}, 403],
          ['mailgun', JSON.stringify({ 'event-data': event('user12@example.org') }), {}, 401],
          ['mailgun', body(event('user12@example.org'), stale), {}, 403],
          [
            'mailgun',
            JSON.stringify({ signature: mailgunSignature(MAILGUN, seconds(), 't') }),
            {},
            400,
          ],
          ['mailgun', body(event('stranger@example.net')), {}, 422],
        ]);
      });
    });

    describe('generic', () => {
      it('a complaint named by Feedback-ID and recipient', async () => {
        const body = JSON.stringify({
          events: [
            {
              id: 'postal-1',
              type: 'complaint',
              recipient: 'user11@example.org',
              feedbackId: `daily:${runId}:digest:${DOMAIN}`,
              reporter: 'Outlook.com JMRP',
            },
          ],
        });
        expect(await post('generic', body, genericHeaders(GENERIC, body, seconds()))).toMatchObject(
          {
            status: 200,
            body: { applied: 1 },
          },
        );
        expect(await status('user11@example.org')).toBe('complained');
      });

      it('refuses forged, unsigned, stale, malformed and unknown events', async () => {
        const body = (recipient: string, type = 'complaint') =>
          JSON.stringify({ events: [{ id: randomBytes(4).toString('hex'), type, recipient }] });
        const good = body('user12@example.org');
        const bad = body('user12@example.org', 'explode');
        const unknown = body('stranger@example.net');
        await refusedWithNothingChanged([
          ['generic', good, genericHeaders('some-other-secret-value', good, seconds()), 403],
          ['generic', good, {}, 401],
          ['generic', good, genericHeaders(GENERIC, good, seconds() - 3600), 403],
          ['generic', bad, genericHeaders(GENERIC, bad, seconds()), 400],
          ['generic', unknown, genericHeaders(GENERIC, unknown, seconds()), 422],
        ]);
      });
    });

    it('audits every event applied, and the refusal of an unknown message', async () => {
      const rows = await test.db.kysely
        .selectFrom('admin_audit')
        .select(['actor', 'action', 'status'])
        .execute();
      const seen = new Set(rows.map((r) => `${r.actor} ${r.action} ${r.status}`));
      for (const expected of [
        'ses subscriber.complained 200',
        'ses subscriber.bounced 200',
        'ses hook.duplicate 200',
        'sendgrid subscriber.complained 200',
        'postmark subscriber.unsubscribed 200',
        'mailgun bounce.transient 200',
        'generic subscriber.complained 200',
        'generic hook.refused 422',
      ]) {
        expect(seen).toContain(expected);
      }
    });

    it('a hook whose secret is unset is not there; other methods get 405', async () => {
      const off = await fetch(`http://127.0.0.1:${server.port}/hooks/postal`, {
        method: 'POST',
        body: '{}',
      });
      expect(off.status).toBe(404);
      const get = await fetch(`http://127.0.0.1:${server.port}/hooks/ses`);
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
    });
  },
);
