import { createPublicKey, type KeyObject } from 'node:crypto';
import type { DnsRecord } from './types.js';

/** The DKIM public key record: `p=` is the key's SubjectPublicKeyInfo, base64. */
export function dkimRecord(domain: string, selector: string, key: KeyObject): DnsRecord {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    name: `${selector}._domainkey.${domain}.`,
    type: 'TXT',
    value: txt(`v=DKIM1; k=rsa; p=${spki}`),
    note: 'the public half of GAZETTE_DKIM_KEY',
  };
}

export function spfRecord(mailDomain: string, relayHost: string | undefined): DnsRecord {
  const relay = relayHost && !isLoopback(relayHost) ? `a:${relayHost} ` : '';
  return {
    name: `${mailDomain}.`,
    type: 'TXT',
    value: txt(`v=spf1 ${relay}mx ~all`),
    note: "the envelope sender's domain (bounces+…@); add your relay provider's include: if it has one",
  };
}

export function dmarcRecord(fromDomain: string): DnsRecord {
  return {
    name: `_dmarc.${fromDomain}.`,
    type: 'TXT',
    value: txt(`v=DMARC1; p=none; adkim=r; aspf=r; rua=mailto:postmaster@${fromDomain}`),
    note: 'RFC 9989: start with p=none, read the reports, then p=quarantine (t=y to try it); no pct=, rf= or ri=',
  };
}

export function mxRecord(mailDomain: string, host: string): DnsRecord {
  return {
    name: `${mailDomain}.`,
    type: 'MX',
    value: `10 ${host}.`,
    note: 'where bounces and mailto unsubscribes arrive: port 25 forwarded to GAZETTE_INBOUND_SMTP_PORT',
  };
}

/** A TXT value as quoted strings of at most 255 characters each (RFC 7208 3.3). */
function txt(value: string): string {
  const chunks: string[] = [];
  for (let i = 0; i < value.length; i += 255) chunks.push(`"${value.slice(i, i + 255)}"`);
  return chunks.join(' ');
}

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\./.test(h);
}
