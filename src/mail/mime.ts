import type { MailMessage } from '../send/index.js';
import type { DkimSigner } from './dkim.js';
import { encodeUnstructured, formatAddress, formatDate } from './headers.js';
import { encodeFilled } from './qp.js';

/**
 * The raw message, assembled as a string: nodemailer's composer is too slow for a run (it
 * re-encodes the whole digest per recipient), while here the shared body is encoded once.
 * Quoted-printable never produces "=_", so the fixed boundary cannot occur in a part.
 */
const BOUNDARY = '=_gazette_alt';

export interface MimeOptions {
  from: { address: string; name?: string };
  /** The List-Id header value, e.g. `Gazette <digest.example.org>`. */
  listId: string;
  dkim?: DkimSigner;
}

export function buildMime(message: MailMessage, options: MimeOptions): string {
  const unsubscribe = [`<${message.listUnsubscribe.https}>`];
  if (message.listUnsubscribe.mailto) unsubscribe.push(`<${message.listUnsubscribe.mailto}>`);
  const headers: [string, string][] = [
    ['From', formatAddress(options.from.address, options.from.name)],
    ['To', formatAddress(message.to, message.toName)],
    ['Subject', encodeUnstructured(message.subject)],
    ['Date', formatDate(message.date)],
    ['Message-ID', `<${message.messageId}>`],
    ['List-Id', options.listId],
    ['List-Unsubscribe', unsubscribe.join(',\r\n ')],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ['MIME-Version', '1.0'],
    ['Content-Type', `multipart/alternative; boundary="${BOUNDARY}"`],
  ];
  const body =
    `--${BOUNDARY}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n` +
    `${encodeFilled(message.text.chunks, message.text.values)}\r\n` +
    `--${BOUNDARY}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n` +
    `${encodeFilled(message.html.chunks, message.html.values)}\r\n` +
    `--${BOUNDARY}--\r\n`;
  let head = '';
  if (options.dkim) head += `${options.dkim(headers, body, message.date)}\r\n`;
  for (const [name, value] of headers) head += `${name}: ${value}\r\n`;
  return `${head}\r\n${body}`;
}
