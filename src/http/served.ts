import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FeedDocument } from '../feeds/index.js';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export type Encoding = 'br' | 'gzip' | 'identity';

/** One encoding of a document: its bytes and every header of a 200 and a 304, made once. */
export interface Variant {
  body: Buffer;
  etag: string;
  ok: OutgoingHttpHeaders;
  notModified: OutgoingHttpHeaders;
}

/**
 * A document as served: its bytes in every encoding, ETags and headers, all made when the feeds
 * are built, so answering a request only picks one and writes it.
 */
export interface ServedFile {
  /** The hash the variants' ETags share: an `If-None-Match` is checked against it first. */
  tag: string;
  /** Whole seconds, as `Last-Modified` can say. */
  lastModifiedMs: number;
  variants: { identity: Variant } & Partial<Record<'br' | 'gzip', Variant>>;
}

/** Subscription documents change when news does; archive pages hardly ever. */
const CACHE_CONTROL = { current: 'public, max-age=300', archive: 'public, max-age=86400' };

/**
 * Makes the served form of a document: at once with its identity bytes, and with gzip and brotli
 * variants once `compressed` settles (the variants are added to the same object; an ETag check
 * does not depend on them). Compression runs on libuv's thread pool (zlib's async API), so it
 * never stalls requests, and a variant that would not be smaller is left out. Levels: gzip 6 and
 * brotli 5 come within a few per cent of the maximum at a fraction of the time, which matters
 * when thousands of archive pages are built at start-up.
 */
export function serveDocument(
  doc: FeedDocument,
  hub?: string,
): { file: ServedFile; compressed: Promise<void> } {
  const identity = Buffer.from(doc.body, 'utf8');
  const tag = createHash('sha256').update(identity).digest('base64url').slice(0, 32);
  const lastModifiedMs = Math.floor(doc.updated.getTime() / 1000) * 1000;
  const common: OutgoingHttpHeaders = {
    'cache-control': doc.archive ? CACHE_CONTROL.archive : CACHE_CONTROL.current,
    vary: 'Accept-Encoding',
    'last-modified': new Date(lastModifiedMs).toUTCString(),
    'x-content-type-options': 'nosniff',
  };
  if (hub && doc.format !== 'opml') common.link = `<${hub}>; rel="hub"`;
  const variant = (body: Buffer, encoding: Encoding): Variant => {
    const etag = `"${tag}${encoding === 'identity' ? '' : `-${encoding}`}"`;
    const notModified = { ...common, etag };
    const ok: OutgoingHttpHeaders = {
      ...notModified,
      'content-type': doc.contentType,
      'content-length': body.length,
    };
    if (encoding !== 'identity') ok['content-encoding'] = encoding;
    return { body, etag, ok, notModified };
  };
  const file: ServedFile = {
    tag,
    lastModifiedMs,
    variants: { identity: variant(identity, 'identity') },
  };
  const compressed = Promise.all([
    gzipAsync(identity, { level: 6 }),
    brotliAsync(identity, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 5,
        [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
  ]).then(([gz, br]) => {
    if (gz.length < identity.length) file.variants.gzip = variant(gz, 'gzip');
    if (br.length < identity.length) file.variants.br = variant(br, 'br');
  });
  return { file, compressed };
}
