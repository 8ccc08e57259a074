import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mimeOptionsFor } from '../../src/app/mailer.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { buildMime } from '../../src/mail/index.js';
import { createComposer, type MailMessage } from '../../src/send/index.js';
import { runCli } from '../helpers/cli.js';
import { createSqlite, type TestDatabase } from '../helpers/db.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';
import { SITE_URL, subscriptionApp } from '../helpers/subscription-app.js';

const INJECTED = 'News\r\nBcc: victim@evil.example';

async function digestMessage(): Promise<MailMessage> {
  const composer = createComposer({
    render: async (_content, r) => ({
      subject: 'A digest',
      html: `<a href="${r.unsubscribeUrl}">Unsubscribe</a>`,
      text: `Unsubscribe: ${r.unsubscribeUrl}\n`,
    }),
    links: () => ({
      unsubscribe: 'https://news.example.org/unsubscribe?token=u',
      preferences: 'https://news.example.org/preferences?token=p',
    }),
  });
  return composer.compose(
    {
      id: 1,
      runId: 'r1',
      subscriberId: 's1',
      email: 'reader@example.org',
      name: null,
      articleIds: ['a1'],
      moreCount: 0,
      messageId: 'r1.s1@news.example.org',
      attempts: 1,
    },
    new Date('2024-06-21T07:00:00Z'),
  );
}

/** The header section of a raw message, as lines with folding undone. */
function headerLines(raw: string): string[] {
  return (
    raw
      .split('\r\n\r\n')[0]
      ?.replace(/\r\n[ \t]/g, ' ')
      .split('\r\n') ?? []
  );
}

/**
 * `GAZETTE_SITE_NAME` goes into `List-Id` of every digest (and into the subject of every notice):
 * a CR LF in it would start a header of the attacker's choosing, `Bcc:` included.
 */
describe('configuration text in mail headers', () => {
  it('refuses a CR or LF in a header value at start-up, naming the variable', () => {
    const cases: [string, string][] = [
      ['GAZETTE_SITE_NAME', INJECTED],
      ['GAZETTE_SITE_NAME', 'News\nBcc: victim@evil.example'],
      ['GAZETTE_SITE_NAME', 'News\rBcc: victim@evil.example'],
      ['GAZETTE_FROM', 'News\r\nBcc: victim@evil.example <news@example.org>'],
      ['GAZETTE_SITE_URL', 'https://news.example.org/\r\nBcc: victim@evil.example'],
    ];
    for (const [name, value] of cases) {
      let error: unknown;
      try {
        loadConfig({ [name]: value });
      } catch (caught) {
        error = caught;
      }
      expect(error, `${name}=${JSON.stringify(value)}`).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join('\n')).toMatch(
        new RegExp(`^${name}=.*: must not hold a line break \\(CR or LF\\)`, 'm'),
      );
    }
  });

  it('a command stops with that message and exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gazette-header-'));
    const result = await runCli(['migrate'], {
      GAZETTE_SITE_NAME: INJECTED,
      GAZETTE_DATABASE_URL: `sqlite:${join(dir, 'gazette.db')}`,
    });
    // Refused before anything was opened.
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/GAZETTE_SITE_NAME=.*must not hold a line break/);
  });

  it('the one header builder refuses a line break it is handed, whatever the source', async () => {
    const message = await digestMessage();
    const from = { address: 'news@example.org' };
    expect(() => buildMime(message, { from, listId: `${INJECTED} <digest.example.org>` })).toThrow(
      /line break/,
    );
    expect(() =>
      buildMime({ ...message, toName: 'Reader\r\nBcc: x@evil.example' }, { from, listId: 'x' }),
    ).not.toThrow();
    const raw = buildMime(
      { ...message, toName: 'Reader\r\nBcc: x@evil.example', subject: 'Hi\r\nBcc: x@evil.example' },
      { from, listId: 'x <digest.example.org>' },
    );
    expect(headerLines(raw).filter((line) => /^bcc:/i.test(line))).toEqual([]);
  });

  it('quotes a site name with specials and encodes one that is not ASCII (List-Id, From)', async () => {
    for (const [siteName, listId] of [
      ['Smith & Sons, <Daily>', '"Smith & Sons, <Daily>" <digest.news.example.org>'],
      ['Quote "this" \\ that', '"Quote \\"this\\" \\\\ that" <digest.news.example.org>'],
      ['Plain Name', 'Plain Name <digest.news.example.org>'],
    ] as const) {
      const config = loadConfig({
        GAZETTE_SITE_NAME: siteName,
        GAZETTE_FROM: 'news@news.example.org',
      });
      const raw = buildMime(await digestMessage(), mimeOptionsFor(config, undefined));
      expect(headerLines(raw)).toContain(`List-Id: ${listId}`);
    }
    const config = loadConfig({
      GAZETTE_SITE_NAME: '哈尔滨日报 Новости',
      GAZETTE_FROM: '哈尔滨日报 <news@news.example.org>',
    });
    const raw = buildMime(await digestMessage(), mimeOptionsFor(config, undefined));
    const head = raw.split('\r\n\r\n')[0] ?? '';
    expect(head).toMatch(/^[\x20-\x7e\r\n\t]*$/);
    const listId = headerLines(raw).find((line) => line.startsWith('List-Id: ')) ?? '';
    expect(listId).toMatch(
      /^List-Id: (=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= ?)+ <digest\.news\.example\.org>$/,
    );
    const parsed = await simpleParser(raw);
    expect(parsed.from?.value[0]).toEqual({ name: '哈尔滨日报', address: 'news@news.example.org' });
  });
});

describe('a notice with such a site name', () => {
  let database: TestDatabase;
  let sink: SmtpSink;
  beforeAll(async () => {
    database = await createSqlite();
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
    await database?.drop();
  });

  it('carries it encoded in Subject and From, with 7-bit headers', async () => {
    const gazette = await subscriptionApp(database.db, sink.url, {
      GAZETTE_SITE_NAME: 'Ежедневные новости, «Харбин»',
      GAZETTE_FROM: 'Ежедневные новости <news@gazette.test>',
    });
    try {
      const response = await gazette.app.request(`${SITE_URL}/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'reader@example.org' }),
      });
      expect(response.status).toBe(202);
      const [mail] = await sink.waitFor(1);
      expect(mail?.subject).toBe('Confirm your subscription to Ежедневные новости, «Харбин»');
      expect(mail?.from?.value[0]?.name).toBe('Ежедневные новости');
      const head = (mail?.headerLines ?? []).map((h) => h.line).join('\r\n');
      expect(head).toMatch(/^[\x20-\x7e\r\n\t]*$/);
    } finally {
      gazette.close();
    }
  });
});
