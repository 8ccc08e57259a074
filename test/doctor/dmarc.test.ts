import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dmarcFromDns } from '../../src/app/doctor-dns.js';
import {
  type DoctorInput,
  discoverDmarc,
  formatReport,
  parseDmarc,
  reviewDmarc,
  runChecks,
  type TxtLookup,
  treeWalk,
} from '../../src/doctor/index.js';

/** A zone as data: the TXT records at each name; the lookup notes every name asked. */
function zone(records: Record<string, string[]>): TxtLookup & { asked: string[] } {
  const asked: string[] = [];
  const lookup = async (name: string) => {
    asked.push(name);
    return records[name] ?? [];
  };
  return Object.assign(lookup, { asked });
}

describe('DMARC under RFC 9989', () => {
  it('walks up the tree to the organisational domain, one query a label', async () => {
    const dns = zone({
      '_dmarc.example.org': ['v=DMARC1; p=quarantine; rua=mailto:d@example.org'],
    });
    const found = await discoverDmarc('news.mail.example.org', dns);
    expect(found).toMatchObject({
      organisationalDomain: 'example.org',
      policy: { domain: 'example.org' },
    });
    expect(dns.asked).toEqual([
      '_dmarc.news.mail.example.org',
      '_dmarc.mail.example.org',
      '_dmarc.example.org',
      '_dmarc.org',
    ]);
  });

  it('jumps a long name to seven labels, and stops at a psd= record', async () => {
    const dns = zone({
      '_dmarc.e.f.g.h.example.co.uk': ['v=DMARC1; p=none; psd=n'],
      '_dmarc.co.uk': ['v=DMARC1; p=reject; psd=y'],
    });
    const found = await treeWalk('a.b.c.d.e.f.g.h.example.co.uk', dns);
    expect(found.map((f) => f.domain)).toEqual(['e.f.g.h.example.co.uk']);
    expect(dns.asked).toEqual([
      '_dmarc.a.b.c.d.e.f.g.h.example.co.uk',
      '_dmarc.e.f.g.h.example.co.uk',
    ]);
  });

  it('takes the domain one label below a public suffix domain (psd=y)', async () => {
    const dns = zone({ '_dmarc.blogspot.example': ['v=DMARC1; p=none; psd=y'] });
    expect((await discoverDmarc('me.blogspot.example', dns)).organisationalDomain).toBe(
      'me.blogspot.example',
    );
    expect((await discoverDmarc('www.me.blogspot.example', dns)).organisationalDomain).toBe(
      'me.blogspot.example',
    );
  });

  it('ignores a name with two DMARC records, and a TXT record that is not DMARC', async () => {
    const dns = zone({
      '_dmarc.a.example.org': ['v=DMARC1; p=none', 'v=DMARC1; p=reject'],
      '_dmarc.example.org': ['google-site-verification=x', 'v=DMARC1; p=reject'],
    });
    expect(await discoverDmarc('a.example.org', dns)).toMatchObject({
      organisationalDomain: 'example.org',
      policy: { domain: 'example.org', record: { text: 'v=DMARC1; p=reject' } },
    });
  });

  it('reads pct, rf and ri as gone, and explains t, np and psd', () => {
    const review = (text: string) => reviewDmarc(parseDmarc(text) ?? { tags: new Map(), text });
    expect(review('v=DMARC1; p=quarantine; pct=50; rf=afrf; ri=86400').problems).toEqual([
      'pct=, rf=, ri= are gone in RFC 9989 and ignored by receivers; to try a policy out, use t=y',
    ]);
    expect(review('v=DMARC1; p=reject; t=y; np=reject; rua=mailto:a@b').notes).toEqual([
      't=y: receivers treat p=reject as a test',
      'np=reject for subdomains that do not exist',
    ]);
    expect(review('v=DMARC1; p=none; psd=y; rua=mailto:a@b').problems).toEqual([
      'psd=y marks a public suffix, not a sending domain',
    ]);
    expect(parseDmarc('v=spf1 -all')).toBeUndefined();
  });
});

describe('the doctor with DNS, and without', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const answered = { ok: true, detail: '200' } as const;
  const input = (dns: DoctorInput['dns'], dkimDomain = 'example.org'): DoctorInput => ({
    fromAddress: 'news@example.org',
    mailDomain: 'example.org',
    siteUrl: 'https://news.example.org',
    dkim: { domain: dkimDomain, selector: 'gz1', privateKeyPem: pem },
    sample: { error: 'not rendered here' },
    inbound: false,
    probes: { smtp: answered, oneClickEmpty: answered, oneClickBody: answered },
    dns,
  });
  const online = async (records: Record<string, string[]>, dkimDomain?: string) => {
    const dns = zone(records);
    const from = await discoverDmarc('example.org', dns);
    return dkimDomain ? { from, dkim: await discoverDmarc(dkimDomain, dns) } : { from };
  };

  it('warns of a missing record, and of removed tags; passes a good one', async () => {
    const missing = runChecks(input(await online({})));
    expect(missing.warnings.map((w) => w.message)).toContain(
      'no DMARC record for example.org nor its organisational domain example.org: Gmail, Yahoo and Outlook.com require one of bulk senders',
    );
    const old = runChecks(
      input(await online({ '_dmarc.example.org': ['v=DMARC1; p=none; pct=100'] })),
    );
    expect(old.warnings.map((w) => w.message)).toContain(
      'the DMARC record at _dmarc.example.org: pct= is gone in RFC 9989 and ignored by receivers; to try a policy out, use t=y',
    );
    const good = runChecks(
      input(
        await online({
          '_dmarc.example.org': ['v=DMARC1; p=reject; t=y; rua=mailto:d@example.org'],
        }),
      ),
    );
    expect(good.passes.map((p) => p.message)).toContain(
      'DMARC p=reject at _dmarc.example.org (organisational domain example.org); t=y: receivers treat p=reject as a test',
    );
    const text = formatReport(good);
    expect(text).toContain('DNS records to publish:\n');
    expect(text).toContain('published now: v=DMARC1; p=reject; t=y; rua=mailto:d@example.org');
  });

  it('aligns DKIM by the organisational domains DNS gives', async () => {
    const psd = { '_dmarc.example.org': ['v=DMARC1; p=none; psd=y'] };
    // Under a public suffix domain, two of its children are two organisations.
    const split = runChecks({
      ...input(await online(psd, 'mail.other.example.org'), 'mail.other.example.org'),
      fromAddress: 'news@news.example.org',
      dns: {
        from: await discoverDmarc('news.example.org', zone(psd)),
        dkim: await discoverDmarc('mail.other.example.org', zone(psd)),
      },
    });
    expect(split.failures.map((f) => f.check)).toContain('dkim-alignment');
    const org = { '_dmarc.example.org': ['v=DMARC1; p=none'] };
    const same = runChecks(input(await online(org, 'mail.example.org'), 'mail.example.org'));
    expect(same.failures.map((f) => f.check)).not.toContain('dkim-alignment');
    // With no record anywhere, a subdomain is its own organisational domain (RFC 9989).
    const none = runChecks(input(await online({}, 'mail.example.org'), 'mail.example.org'));
    expect(none.failures.map((f) => f.check)).toContain('dkim-alignment');
  });

  it('offline, prints the records to publish and warns of nothing more', async () => {
    const dns = await dmarcFromDns('example.org', undefined, ['127.0.0.1:9']);
    expect(dns).toMatchObject({ offline: expect.stringMatching(/^no DNS answer for org\./) });
    const report = runChecks(input(dns));
    expect(report.warnings.filter((w) => w.check === 'dmarc')).toEqual([]);
    const text = formatReport(report);
    expect(text).toMatch(
      /DNS records to publish \(DNS could not be asked: no DNS answer for org\./,
    );
    expect(text).toContain('_dmarc.example.org.  TXT  "v=DMARC1; p=none; adkim=r; aspf=r;');
    expect(text).not.toContain('published now');
    expect(text).not.toMatch(/"v=DMARC1[^"]*(pct|rf|ri)=/);
    expect(await dmarcFromDns('localhost', undefined)).toEqual({
      offline: 'localhost is a local domain',
    });
  });

  it('warns above a 0.1 % complaint rate', () => {
    const rate = (delivered: number, complaints: number) =>
      runChecks({ ...input({ offline: 'x' }), complaints: { delivered, complaints } });
    expect(rate(10_000, 12).warnings.map((w) => w.message)).toContain(
      "the complaint rate is 0.12 % (12 of 10000 delivered in 7 days), over Gmail's 0.1 %",
    );
    expect(
      rate(10_000, 40)
        .warnings.map((w) => w.message)
        .join(),
    ).toMatch(/over 0\.3 %/);
    expect(rate(10_000, 5).passes.map((p) => p.check)).toContain('complaint-rate');
    expect(rate(10_000, 5).warnings.map((w) => w.check)).not.toContain('complaint-rate');
  });
});
