import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMime, classifySmtpError, createSmtpPool } from '../../src/mail/index.js';
import type { MailMessage } from '../../src/send/index.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const options = {
  from: { address: 'news@example.org', name: 'Gazette' },
  listId: 'Gazette <digest.example.org>',
};

function message(to: string, text: string, html: string): MailMessage {
  const chunks = (s: string) => s.split('|');
  return {
    to,
    toName: null,
    subject: 'Dots',
    text: { chunks: chunks(text), values: [`.${to}`] },
    html: { chunks: chunks(html), values: ['.value'] },
    messageId: `m.${to}`,
    date: new Date('2024-06-21T07:00:00Z'),
    listUnsubscribe: { https: 'https://news.example.org/unsubscribe?token=t' },
  };
}

describe('the SMTP pool', () => {
  let smtp: TestSmtp;
  beforeEach(async () => {
    smtp = await startSmtp();
  });
  afterEach(async () => {
    await smtp.close();
  });

  it('writes DATA dot-stuffed once: lines that start with a dot (shared or per recipient) arrive as written', async () => {
    const pool = createSmtpPool({ ...options, url: smtp.url, pool: 2 });
    const text = '.starts with a dot\n..two dots\nmiddle\n|\n.\nend.';
    const html = `<p>${'x'.repeat(80)}.</p>\n.<b>dot</b>|\n.after`;
    const sent = ['a@example.org', 'b@example.org', 'c@example.org'].map((to) =>
      message(to, text, html),
    );
    await Promise.all(sent.map((m) => pool.send(m)));
    await pool.close();
    expect(smtp.received).toHaveLength(3);
    for (const m of sent) {
      const got = smtp.received.find((r) => r.to === m.to);
      // The server undoes the stuffing: what it keeps is the message exactly as built.
      expect(got?.raw).toBe(buildMime(m, options));
    }
  });

  it('classifies replies: 421 and 4.7.x slow down, 4.2.2 is the mailbox, 5xx at RCPT bounces', () => {
    const reply = (responseCode: number, response: string, command = 'RCPT TO') =>
      classifySmtpError({ message: 'refused', responseCode, response, command });
    expect(reply(421, '421 4.3.0 Closing').kind).toBe('slowdown');
    expect(reply(450, '450 4.7.1 Rate limited, slow down').kind).toBe('slowdown');
    expect(reply(452, '452 4.2.2 Mailbox full')).toMatchObject({
      kind: 'temporary',
      enhanced: '4.2.2',
      responseCode: 452,
    });
    expect(reply(451, '451 Try later').kind).toBe('temporary');
    expect(reply(550, '550 5.1.1 No such user').kind).toBe('permanent');
    expect(reply(550, '550 5.7.1 Sender refused', 'MAIL FROM').kind).toBe('fatal');
    expect(classifySmtpError({ code: 'ECONNRESET', message: 'reset' }).kind).toBe('connection');
  });
});
