import type { MailMessage, NoticeMessage } from '../send/index.js';
import type { DkimSigner } from './dkim.js';
import { checkHeaderValue, encodeUnstructured, formatAddress, formatDate } from './headers.js';
import { createChunkCache, encodeFilled, encodePiece } from './qp.js';

/**
 * The raw message, assembled by hand: nodemailer's composer is too slow for a run (it re-encodes
 * the whole digest per recipient), while here the shared body is encoded once. Quoted-printable
 * never produces "=_", so the fixed boundary cannot occur in a part.
 */
const BOUNDARY = '=_gazette_alt';
const TEXT_HEAD = `--${BOUNDARY}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`;
const HTML_HEAD = `\r\n--${BOUNDARY}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`;
const TAIL = `\r\n--${BOUNDARY}--\r\n`;

export interface MimeOptions {
  from: { address: string; name?: string };
  /** The List-Id header value, e.g. `Gazette <digest.example.org>` (see `formatListId`). */
  listId: string;
  dkim?: DkimSigner;
}

type Message = MailMessage | NoticeMessage;

/**
 * The headers of every message Gazette sends, digests and notices alike: the one place they are
 * written. A list message adds List-Id and the unsubscribe headers (RFC 2369, RFC 8058).
 */
function headersOf(message: Message, options: MimeOptions): [string, string][] {
  const headers: [string, string][] = [
    ['From', formatAddress(options.from.address, options.from.name)],
    ['To', formatAddress(message.to, message.toName)],
    ['Subject', encodeUnstructured(message.subject)],
    ['Date', formatDate(message.date)],
    ['Message-ID', `<${message.messageId}>`],
  ];
  if (message.listUnsubscribe) {
    const unsubscribe = [`<${message.listUnsubscribe.https}>`];
    if (message.listUnsubscribe.mailto) unsubscribe.push(`<${message.listUnsubscribe.mailto}>`);
    headers.push(
      ['List-Id', options.listId],
      ['List-Unsubscribe', unsubscribe.join(',\r\n ')],
      ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    );
  }
  headers.push(
    ...(message.feedbackId ? [['Feedback-ID', message.feedbackId] as [string, string]] : []),
    ['MIME-Version', '1.0'],
    ['Content-Type', `multipart/alternative; boundary="${BOUNDARY}"`],
  );
  for (const [name, value] of headers) checkHeaderValue(name, value);
  return headers;
}

function head(message: Message, options: MimeOptions): string {
  const headers = headersOf(message, options);
  let out = '';
  if (options.dkim) {
    // The signature covers the message as written, before SMTP's dot-stuffing.
    const body =
      TEXT_HEAD +
      encodeFilled(message.text.chunks, message.text.values) +
      HTML_HEAD +
      encodeFilled(message.html.chunks, message.html.values) +
      TAIL;
    out += `${options.dkim(headers, body, message.date)}\r\n`;
  }
  for (const [name, value] of headers) out += `${name}: ${value}\r\n`;
  return `${out}\r\n`;
}

/** The whole message as text (the outbox's `.eml` files). */
export function buildMime(message: Message, options: MimeOptions): string {
  return (
    head(message, options) +
    TEXT_HEAD +
    encodeFilled(message.text.chunks, message.text.values) +
    HTML_HEAD +
    encodeFilled(message.html.chunks, message.html.values) +
    TAIL
  );
}

/**
 * The message as SMTP DATA: a list of buffers, dot-stuffed (RFC 5321 4.5.2), without the final
 * `.` line. Every encoded piece starts a line (a piece that does not end one ends with a soft
 * line break), so each shared piece is encoded and stuffed once, as bytes, and kept with its
 * template; a message only adds its headers and a few values. Written as a list (one `writev`),
 * a copy never allocates the whole message again.
 */
export function buildSmtpData(message: Message, options: MimeOptions): Buffer[] {
  const parts: Buffer[] = [Buffer.from(head(message, options), 'utf8'), TEXT_HEAD_BYTES];
  appendFilled(parts, message.text.chunks, message.text.values);
  parts.push(HTML_HEAD_BYTES);
  appendFilled(parts, message.html.chunks, message.html.values);
  parts.push(TAIL_BYTES);
  return parts;
}

const TEXT_HEAD_BYTES = Buffer.from(TEXT_HEAD, 'latin1');
const HTML_HEAD_BYTES = Buffer.from(HTML_HEAD, 'latin1');
const TAIL_BYTES = Buffer.from(TAIL, 'latin1');
const stuffedChunk = createChunkCache((chunk, last) =>
  Buffer.from(dotStuff(encodePiece(chunk, last)), 'latin1'),
);

function appendFilled(parts: Buffer[], chunks: readonly string[], values: readonly string[]) {
  for (let i = 0; i < chunks.length; i++) {
    const value = i > 0 ? (values[i - 1] ?? '') : '';
    if (value !== '') parts.push(Buffer.from(dotStuff(encodePiece(value, false)), 'latin1'));
    parts.push(stuffedChunk(chunks[i] as string, i === chunks.length - 1));
  }
}

/** A line that starts with a dot gets another one; quoted-printable lines end in CRLF. */
export function dotStuff(encoded: string): string {
  const inner = encoded.includes('\r\n.') ? encoded.replaceAll('\r\n.', '\r\n..') : encoded;
  return inner.startsWith('.') ? `.${inner}` : inner;
}
