import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { domainOf } from './alignment.js';
import { verifyDkim } from './dkim-verify.js';
import { checkComplaints, checkDmarc, dkimAligned } from './dns-checks.js';
import { layoutFinding } from './layout.js';
import { header, type ReadMessage, readMessage } from './message.js';
import { dkimRecord, isLoopback, mxRecord, spfRecord } from './records.js';
import type { CheckName, DoctorInput, DoctorReport, Probe } from './types.js';

/** Gmail clips a message whose HTML is larger than this, hiding the rest (and the unsubscribe link). */
export const HTML_CLIP_BYTES = 102 * 1024;

/**
 * What a mailbox provider will check, over the message a send would produce and the answers
 * the edge collected (probes, DNS, complaint counts). Pure: no network; the records to publish
 * are derived here.
 */
export function runChecks(input: DoctorInput): DoctorReport {
  const report: DoctorReport = { failures: [], warnings: [], passes: [], records: [] };
  const fail = (check: CheckName, message: string) => report.failures.push({ check, message });
  const warn = (check: CheckName, message: string) => report.warnings.push({ check, message });
  const pass = (check: CheckName, message: string) => report.passes.push({ check, message });

  const fromDomain = domainOf(input.fromAddress);
  let message: ReadMessage | undefined;
  if ('error' in input.sample) fail('sample', `the digest does not render: ${input.sample.error}`);
  else message = readMessage(input.sample.raw);

  const key = checkDkimKey(input, fail, warn, pass);
  if (key && input.dkim) {
    report.records.push(dkimRecord(input.dkim.domain, input.dkim.selector, key));
    if (message) {
      const verdict = verifyDkim(message, createPublicKey(key));
      if (verdict.ok)
        pass(
          'dkim-signature',
          `the DKIM signature verifies (d=${verdict.domain}, s=${verdict.selector})`,
        );
      else fail('dkim-signature', `the DKIM signature does not verify: ${verdict.reason}`);
    }
    if (dkimAligned(input, input.dkim.domain, fromDomain)) {
      pass(
        'dkim-alignment',
        `the DKIM domain ${input.dkim.domain} is aligned with the From domain ${fromDomain}`,
      );
    } else {
      fail(
        'dkim-alignment',
        `the DKIM domain ${input.dkim.domain} is not aligned with the From domain ${fromDomain}: DMARC fails`,
      );
    }
  }
  if (message) checkMessage(message, input, fail, warn, pass);
  const layout = layoutFinding(input.layout);
  if (layout) (layout.ok ? pass : warn)('digest-layout', layout.message);
  checkSite(input, warn, pass);
  checkProbe(input.probes.smtp, 'smtp', 'the SMTP server', warn, pass);
  checkComplaints(input, warn, pass);

  report.records.push(spfRecord(input.mailDomain, input.relayHost));
  report.records.push(checkDmarc(input, fromDomain, warn, pass));
  if ('offline' in input.dns) report.dnsOffline = input.dns.offline;
  if (input.inbound)
    report.records.push(mxRecord(input.mailDomain, new URL(input.siteUrl).hostname));
  return report;
}

type Note = (check: CheckName, message: string) => void;

function checkDkimKey(
  input: DoctorInput,
  fail: Note,
  warn: Note,
  pass: Note,
): KeyObject | undefined {
  const dkim = input.dkim;
  if (!dkim) {
    warn(
      'dkim-key',
      'no DKIM key configured (GAZETTE_DKIM_DOMAIN, _SELECTOR, _KEY): large providers reject or junk unsigned bulk mail',
    );
    return undefined;
  }
  if (dkim.readError !== undefined || dkim.privateKeyPem === undefined) {
    fail('dkim-key', `the DKIM key does not load: ${dkim.readError ?? 'no key'}`);
    return undefined;
  }
  try {
    const key = createPrivateKey(dkim.privateKeyPem);
    if (key.asymmetricKeyType !== 'rsa') {
      fail(
        'dkim-key',
        `the DKIM key does not load: an RSA key is needed, not ${key.asymmetricKeyType}`,
      );
      return undefined;
    }
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    pass('dkim-key', `the DKIM key loads (RSA ${bits} bits, selector ${dkim.selector})`);
    return key;
  } catch (error) {
    fail('dkim-key', `the DKIM key does not load: ${(error as Error).message}`);
    return undefined;
  }
}

function checkMessage(
  message: ReadMessage,
  input: DoctorInput,
  fail: Note,
  warn: Note,
  pass: Note,
) {
  if (message.text?.trim()) pass('text-part', 'the digest has a plain-text part');
  else
    fail('text-part', 'the digest has no text/plain part: spam filters score HTML-only mail down');

  const html = message.html ?? '';
  const relative = relativeLinks(html);
  if (relative.length === 0) pass('relative-links', 'every link in the digest is absolute');
  else {
    const shown = relative
      .slice(0, 3)
      .map((l) => JSON.stringify(l))
      .join(', ');
    fail(
      'relative-links',
      `the digest has ${relative.length} relative link(s), which go nowhere in a mail client: ${shown}`,
    );
  }
  const size = Buffer.byteLength(html, 'utf8');
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  if (size > HTML_CLIP_BYTES) {
    fail(
      'html-size',
      `the digest's HTML is ${kb(size)}, over the ${kb(HTML_CLIP_BYTES)} at which Gmail clips it (and hides the unsubscribe link); lower GAZETTE_DIGEST_MAX_ITEMS or trim the template`,
    );
  } else
    pass('html-size', `the digest's HTML is ${kb(size)} (Gmail clips over ${kb(HTML_CLIP_BYTES)})`);

  const unsubscribe = header(message, 'list-unsubscribe') ?? '';
  const forms = [...unsubscribe.matchAll(/<([^>]*)>/g)].map((m) => m[1] ?? '');
  const url = forms.find((f) => /^https?:\/\//i.test(f));
  if (url)
    pass(
      'list-unsubscribe',
      `List-Unsubscribe has the URL form (${url.replace(/token=.*/, 'token=…')})`,
    );
  else
    fail(
      'list-unsubscribe',
      'the List-Unsubscribe header has no https URL: Gmail and Yahoo require one-click unsubscribe for bulk mail',
    );
  const post = header(message, 'list-unsubscribe-post');
  if (post?.replace(/\s+/g, '') === 'List-Unsubscribe=One-Click')
    pass('list-unsubscribe-post', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click is present');
  else
    fail(
      'list-unsubscribe-post',
      'the List-Unsubscribe-Post header (RFC 8058 one-click) is missing',
    );
  if (forms.some((f) => /^mailto:/i.test(f)))
    pass('mailto-unsubscribe', 'List-Unsubscribe has the mailto form');
  else
    warn(
      'mailto-unsubscribe',
      'List-Unsubscribe has no mailto form (no inbound listener: set GAZETTE_INBOUND_SMTP_PORT); some providers act only on the mailto',
    );
  if (url) {
    checkProbe(
      input.probes.oneClickEmpty,
      'one-click',
      'the one-click URL, POSTed an empty body,',
      warn,
      pass,
    );
    checkProbe(
      input.probes.oneClickBody,
      'one-click',
      'the one-click URL, POSTed List-Unsubscribe=One-Click,',
      warn,
      pass,
    );
  }
}

function checkSite(input: DoctorInput, warn: Note, pass: Note) {
  const url = new URL(input.siteUrl);
  if (url.protocol === 'https:') pass('site-https', `the site URL ${input.siteUrl} is https`);
  else if (isLoopback(url.hostname))
    pass('site-https', `the site URL ${input.siteUrl} is local (https not needed)`);
  else
    warn(
      'site-https',
      `the site URL ${input.siteUrl} is not https: one-click unsubscribe (RFC 8058) needs https, and links look unsafe`,
    );
}

function checkProbe(probe: Probe, check: CheckName, what: string, warn: Note, pass: Note) {
  if ('skipped' in probe) pass(check, `${what} was not asked: ${probe.skipped}`);
  else if (probe.ok) pass(check, `${what} answers: ${probe.detail}`);
  else warn(check, `${what} does not answer: ${probe.detail}`);
}

/** href and src values a mail client cannot resolve: no scheme (a path, `//host`, or `#`). */
export function relativeLinks(html: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/\s(?:href|src|background)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    const link = (match[1] ?? match[2] ?? '').trim();
    if (!/^(https?:|mailto:|tel:|cid:|data:)/i.test(link)) links.push(link);
  }
  return links;
}
