import { createHash, createPrivateKey, type KeyObject, sign } from 'node:crypto';

/**
 * DKIM (RFC 6376), relaxed/relaxed, rsa-sha256, over headers we assemble ourselves. The signed
 * list names both unsubscribe headers: Gmail and Yahoo require them to be covered, and
 * nodemailer's default list leaves `List-Unsubscribe-Post` out. Gmail's feedback loop reads
 * `Feedback-ID` only from a signed header.
 */
export const SIGNED_HEADERS = [
  'from',
  'to',
  'subject',
  'date',
  'message-id',
  'list-id',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'feedback-id',
  'mime-version',
  'content-type',
] as const;

export interface DkimOptions {
  domain: string;
  selector: string;
  privateKeyPem: string;
}

export type DkimSigner = (headers: [string, string][], body: string, now: Date) => string;

export function createDkimSigner(options: DkimOptions): DkimSigner {
  const key: KeyObject = createPrivateKey(options.privateKeyPem);
  return (headers, body, now) => {
    const bodyHash = createHash('sha256').update(relaxedBody(body)).digest('base64');
    const byName = new Map(headers.map(([name, value]) => [name.toLowerCase(), value]));
    const signed = SIGNED_HEADERS.filter((name) => byName.has(name));
    let canonical = '';
    for (const name of signed) canonical += `${name}:${relaxedValue(byName.get(name) ?? '')}\r\n`;
    const value =
      `v=1; a=rsa-sha256; c=relaxed/relaxed; d=${options.domain}; s=${options.selector};\r\n` +
      ` t=${Math.floor(now.getTime() / 1000)}; h=${signed.join(':')};\r\n` +
      ` bh=${bodyHash};\r\n b=`;
    canonical += `dkim-signature:${relaxedValue(value)}`;
    const signature = sign('sha256', Buffer.from(canonical, 'utf8'), key).toString('base64');
    return `DKIM-Signature: ${value}${signature}`;
  };
}

function relaxedValue(value: string): string {
  return value
    .replace(/\r\n(?=[ \t])/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

function relaxedBody(body: string): string {
  const text = body
    .replace(/[ \t]+\r\n/g, '\r\n')
    .replace(/[ \t]+/g, ' ')
    .replace(/(\r\n)*$/, '');
  return text === '' ? '' : `${text}\r\n`;
}
