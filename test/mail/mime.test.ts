import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { createDkimSigner } from '../../src/mail/dkim.js';
import { buildMime } from '../../src/mail/index.js';
import { encodeFilled } from '../../src/mail/qp.js';
import { createComposer, type MailMessage } from '../../src/send/index.js';
import { debianPython, hasTool } from '../helpers/tools.js';

const delivery = {
  id: 1,
  runId: 'r1',
  subscriberId: 's1',
  email: 'zoë@example.org',
  name: 'Zoë "Z" Li',
  articleIds: ['a1'],
  moreCount: 0,
  messageId: 'r1.s1@example.org',
  attempts: 1,
};

async function message(): Promise<MailMessage> {
  const composer = createComposer({
    render: async (_content, r) => ({
      subject: `Gazette: 哈尔滨 pilot city — ${r.name ?? ''}`,
      html: `<p>Hi ${r.name ?? ''} &lt;${r.email}&gt;</p><p>${'Ünïcode text, long line. '.repeat(30)}</p><a href="${r.unsubscribeUrl}">Unsubscribe</a>`,
      text: `Hi ${r.name ?? ''}\n${'Ünïcode text, long line. '.repeat(30)}\nUnsubscribe: ${r.unsubscribeUrl}\n`,
    }),
    links: () => ({
      unsubscribe: 'https://news.example.org/unsubscribe?token=u.abc&x=1',
      preferences: 'https://news.example.org/preferences?token=p.abc',
      mailto: 'mailto:unsubscribe+u.abc@example.org',
    }),
    feedbackId: async (runId) => `daily:${runId}:digest:example.org`,
  });
  return composer.compose(delivery, new Date('2024-06-21T07:00:00Z'));
}

describe('raw MIME', () => {
  it('parses back with the bulk-sender headers and both parts intact', async () => {
    const raw = buildMime(await message(), {
      from: { address: 'news@example.org', name: 'Gazette' },
      listId: 'Gazette <digest.example.org>',
    });
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe('Gazette: 哈尔滨 pilot city — Zoë "Z" Li');
    expect(mail.messageId).toBe('<r1.s1@example.org>');
    expect(mail.from?.value[0]).toMatchObject({ name: 'Gazette', address: 'news@example.org' });
    expect(mail.to).toMatchObject({ value: [{ name: 'Zoë "Z" Li', address: 'zoë@example.org' }] });
    expect(raw).toMatch(/^List-Id: Gazette <digest\.example\.org>\r$/m);
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(raw).toMatch(/^Date: Fri, 21 Jun 2024 07:00:00 \+0000\r$/m);
    expect(raw).toMatch(
      /^List-Unsubscribe: <https:\/\/news\.example\.org\/unsubscribe\?token=u\.abc&x=1>,\r\n <mailto:unsubscribe\+u\.abc@example\.org>/m,
    );
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(mail.text).toContain(
      'Unsubscribe: https://news.example.org/unsubscribe?token=u.abc&x=1',
    );
    expect(mail.text).toContain('Hi Zoë "Z" Li');
    expect(mail.html).toContain('href="https://news.example.org/unsubscribe?token=u.abc&amp;x=1"');
    expect(mail.html).toContain('&lt;zoë@example.org&gt;');
  });

  it('quoted-printable of chunks and values decodes to the joined text, lines within 76', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'binary', maxLength: 200 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.string({ unit: 'binary', maxLength: 120 }), { maxLength: 4 }),
        async (chunks, values) => {
          const used = values.slice(0, chunks.length - 1);
          const clean = (s: string) => s.replace(/\r/g, '').replace(/[\ud800-\udfff]/g, '');
          const c = chunks.map(clean);
          const v = used.map(clean);
          const body = encodeFilled(c, v);
          for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
          let joined = c[0] ?? '';
          v.forEach((value, i) => {
            joined += value + (c[i + 1] ?? '');
          });
          const raw = `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${body}`;
          const parsed = await simpleParser(raw);
          expect((parsed.text ?? '').replace(/\n$/, '')).toBe(joined.replace(/\n$/, ''));
        },
      ),
      { numRuns: 150 },
    );
  });

  it.skipIf(!hasTool(debianPython, 'python3-dkim'))(
    'DKIM: python3-dkim verifies the signature, and h= covers both unsubscribe headers and Feedback-ID',
    async () => {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
      const raw = buildMime(await message(), {
        from: { address: 'news@example.org', name: 'Gazette' },
        listId: 'Gazette <digest.example.org>',
        dkim: createDkimSigner({ domain: 'example.org', selector: 'gz', privateKeyPem: pem }),
      });
      const h = /h=([^;]+);/.exec(raw.replace(/\r\n\s+/g, ' '))?.[1]?.split(':') ?? [];
      expect(h).toEqual(
        expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'feedback-id']),
      );
      expect(raw).toContain('\r\nFeedback-ID: daily:r1:digest:example.org\r\n');
      const dir = mkdtempSync(join(tmpdir(), 'gazette-dkim-'));
      try {
        writeFileSync(join(dir, 'msg.eml'), raw);
        const verify = (file: string) =>
          execFileSync(debianPython, [
            '-c',
            `import dkim,sys\nmsg=open(sys.argv[1],'rb').read()\nprint(dkim.verify(msg, dnsfunc=lambda name, timeout=5: b"v=DKIM1; k=rsa; p=${p}"))`,
            file,
          ])
            .toString()
            .trim();
        expect(verify(join(dir, 'msg.eml'))).toBe('True');
        // A test that can fail: altering List-Unsubscribe-Post breaks the signature.
        writeFileSync(
          join(dir, 'bad.eml'),
          raw.replace('List-Unsubscribe=One-Click', 'List-Unsubscribe=Two'),
        );
        expect(verify(join(dir, 'bad.eml'))).toBe('False');
        // Nor can a relay or a forger move a complaint to another run's Feedback-ID.
        writeFileSync(join(dir, 'moved.eml'), raw.replace('daily:r1:', 'daily:r2:'));
        expect(verify(join(dir, 'moved.eml'))).toBe('False');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
