import { createHash, type KeyObject, verify } from 'node:crypto';
import type { ReadMessage } from './message.js';

export type DkimVerdict =
  | { ok: true; domain: string; selector: string }
  | { ok: false; reason: string; domain?: string };

/**
 * Verifies a message's DKIM-Signature (rsa-sha256, relaxed/relaxed, as Gazette signs) against a
 * public key, independently of the signer: what a receiving server does, minus the DNS lookup.
 */
export function verifyDkim(message: ReadMessage, publicKey: KeyObject): DkimVerdict {
  const field = message.rawHeaders.find((h) => /^dkim-signature\s*:/i.test(h));
  if (!field) return { ok: false, reason: 'the message carries no DKIM-Signature' };
  const value = field.slice(field.indexOf(':') + 1);
  const tags = new Map<string, string>();
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) tags.set(part.slice(0, eq).trim(), part.slice(eq + 1).replace(/\s+/g, ''));
  }
  const domain = tags.get('d') ?? '';
  const selector = tags.get('s') ?? '';
  if (tags.get('a') !== 'rsa-sha256' || tags.get('c') !== 'relaxed/relaxed') {
    return { ok: false, reason: `unexpected a=${tags.get('a')} c=${tags.get('c')}`, domain };
  }
  const bodyHash = createHash('sha256').update(relaxedBody(message.body)).digest('base64');
  if (bodyHash !== tags.get('bh')) {
    return { ok: false, reason: 'the body hash does not match the body', domain };
  }
  // Each signed name takes the last unused instance of that header, from the bottom up.
  const pool = message.rawHeaders.filter((h) => h !== field);
  let data = '';
  for (const name of (tags.get('h') ?? '').toLowerCase().split(':')) {
    const index = pool.findLastIndex(
      (h) => h.slice(0, h.indexOf(':')).trim().toLowerCase() === name,
    );
    if (index < 0) continue;
    data += `${relaxedHeader(pool[index] as string)}\r\n`;
    pool.splice(index, 1);
  }
  data += relaxedHeader(field.replace(/(\bb=)[^;]*$/, '$1').replace(/(;\s*b=)[^;]*/, '$1'));
  const signature = Buffer.from(tags.get('b') ?? '', 'base64');
  const good = verify('sha256', Buffer.from(data, 'utf8'), publicKey, signature);
  return good
    ? { ok: true, domain, selector }
    : { ok: false, reason: 'the signature does not match the key', domain };
}

function relaxedHeader(field: string): string {
  const colon = field.indexOf(':');
  const name = field.slice(0, colon).trim().toLowerCase();
  const value = field
    .slice(colon + 1)
    .replace(/\r\n(?=[ \t])/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${name}:${value}`;
}

function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}
