import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type DoctorInput, formatReport, runChecks } from '../../src/doctor/index.js';
import { buildMime, createDkimSigner } from '../../src/mail/index.js';
import type { MailMessage } from '../../src/send/index.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const dkim = { domain: 'example.org', selector: 'gz1', privateKeyPem: pem };

const html = (body: string) => `<html><body>${body}</body></html>`;
function message(overrides: Partial<MailMessage> = {}): MailMessage {
  return {
    to: 'reader@example.com',
    toName: null,
    subject: 'Your digest',
    html: { chunks: [html('<a href="https://news.example.org/a">A story</a>')], values: [] },
    text: { chunks: ['A story: https://news.example.org/a\n'], values: [] },
    messageId: 'r1.s1@example.org',
    date: new Date('2024-06-24T07:00:00Z'),
    listUnsubscribe: {
      https: 'https://news.example.org/unsubscribe?token=t',
      mailto: 'mailto:unsubscribe+abc@example.org',
    },
    ...overrides,
  };
}
const raw = (m: MailMessage = message()) =>
  buildMime(m, {
    from: { address: 'news@example.org', name: 'Gazette' },
    listId: 'Gazette <digest.example.org>',
    dkim: createDkimSigner(dkim),
  });
const answered = { ok: true, detail: '200' } as const;
function input(sample: string, overrides: Partial<DoctorInput> = {}): DoctorInput {
  return {
    fromAddress: 'news@example.org',
    mailDomain: 'example.org',
    siteUrl: 'https://news.example.org',
    dkim,
    sample: { raw: sample },
    inbound: true,
    probes: { smtp: answered, oneClickEmpty: answered, oneClickBody: answered },
    dns: { offline: 'not asked here' },
    ...overrides,
  };
}
const failures = (i: DoctorInput) => runChecks(i).failures;

describe('runChecks', () => {
  it('passes a signed message with both parts and both unsubscribe headers', () => {
    const report = runChecks(input(raw()));
    expect(report.failures).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(formatReport(report)).toMatch(
      /^ {2}ok {4}the DKIM signature verifies \(d=example\.org, s=gz1\)$/m,
    );
  });

  it('fails a message without a text part, naming it', () => {
    const htmlOnly = raw().replace(
      /--=_gazette_alt\r\nContent-Type: text\/plain[\s\S]*?(?=--=_gazette_alt\r\nContent-Type: text\/html)/,
      '',
    );
    expect(htmlOnly).not.toMatch(/text\/plain/);
    const found = failures(input(htmlOnly));
    expect(found.map((f) => f.check)).toContain('text-part');
    expect(found.find((f) => f.check === 'text-part')?.message).toMatch(/no text\/plain part/);
  });

  it('fails a relative link', () => {
    const m = message({
      html: { chunks: [html('<a href="/articles/a">A</a> <img src="logo.png">')], values: [] },
    });
    expect(failures(input(raw(m)))).toEqual([
      {
        check: 'relative-links',
        message: expect.stringMatching(/2 relative link\(s\).*"\/articles\/a", "logo\.png"/),
      },
    ]);
  });

  it('fails when the URL form of List-Unsubscribe or List-Unsubscribe-Post is missing', () => {
    const noPost = raw().replace(/^List-Unsubscribe-Post: .*\r\n/m, '');
    expect(failures(input(noPost, { dkim: undefined })).map((f) => f.check)).toEqual([
      'list-unsubscribe-post',
    ]);
    const mailtoOnly = raw().replace(
      /^List-Unsubscribe: <https:[^>]+>,\r\n /m,
      'List-Unsubscribe: ',
    );
    expect(mailtoOnly).toMatch(/^List-Unsubscribe: <mailto:/m);
    const found = failures(input(mailtoOnly, { dkim: undefined }));
    expect(found).toEqual([
      { check: 'list-unsubscribe', message: expect.stringMatching(/has no https URL/) },
    ]);
  });

  it('fails a signature that does not verify: a body changed after signing, another key', () => {
    const changed = raw().replace('A story:', 'A storm:');
    expect(failures(input(changed))).toEqual([
      {
        check: 'dkim-signature',
        message: 'the DKIM signature does not verify: the body hash does not match the body',
      },
    ]);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const wrongKey = {
      ...dkim,
      privateKeyPem: other.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    expect(failures(input(raw(), { dkim: wrongKey }))).toEqual([
      {
        check: 'dkim-signature',
        message: 'the DKIM signature does not verify: the signature does not match the key',
      },
    ]);
  });

  it('aligns subdomains with their organizational domain only', () => {
    const at = (domain: string, from: string) =>
      failures(input(raw(), { dkim: { ...dkim, domain }, fromAddress: from })).map((f) => f.check);
    expect(at('example.org', 'news@mail.example.org')).not.toContain('dkim-alignment');
    expect(at('example.co.uk', 'news@www.example.co.uk')).not.toContain('dkim-alignment');
    expect(at('example.co.uk', 'news@other.co.uk')).toContain('dkim-alignment');
    expect(at('example.net', 'news@example.org')).toContain('dkim-alignment');
  });

  it('prints the DKIM record split into 255-character strings', () => {
    const [record] = runChecks(input(raw())).records;
    expect(record?.name).toBe('gz1._domainkey.example.org.');
    const strings = record?.value.match(/"[^"]*"/g) ?? [];
    expect(strings.length).toBeGreaterThan(1);
    expect(strings.every((s) => s.length <= 257)).toBe(true);
    expect(strings.map((s) => s.slice(1, -1)).join('')).toMatch(
      /^v=DKIM1; k=rsa; p=MIIB[A-Za-z0-9+/=]+$/,
    );
  });
});
