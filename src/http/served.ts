import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { FEED_FORMATS, type FeedDocument, type FeedFormat } from '../feeds/index.js';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export type Encoding = 'br' | 'gzip' | 'identity';
export type Compression = Exclude<Encoding, 'identity'>;

/** One encoding of a document: its bytes and every header of a 200 and a 304, made once. */
export interface Variant {
  body: Buffer;
  etag: string;
  ok: OutgoingHttpHeaders;
  notModified: OutgoingHttpHeaders;
}

/**
 * A document as served: its identity bytes, ETag and headers, made when the feeds are built, and
 * its gzip and brotli variants, made the first time a request could take them and kept with it
 * (a rebuild keeps the served file of every unchanged document, so each variant is made once).
 */
export interface ServedFile {
  /** The hash the variants' ETags share: an `If-None-Match` is checked against it first. */
  tag: string;
  /** Whole seconds, as `Last-Modified` can say. */
  lastModifiedMs: number;
  /** `br` and `gzip` are missing until made, and null when they would not be smaller. */
  variants: { identity: Variant } & Partial<Record<Compression, Variant | null>>;
  /** Makes one compressed variant; calls while it is being made share the work. Never rejects. */
  compress(encoding: Compression): Promise<void>;
}

/** Subscription documents change when news does; archive pages hardly ever. */
const CACHE_CONTROL = { current: 'public, max-age=300', archive: 'public, max-age=86400' };

/*
 * Compression is lazy: a full build makes ~1,200 documents (175 MB for 10,000 articles), and
 * compressing them all took 13 s of thread-pool time at start-up, for archive pages that are
 * rarely asked for. Levels, measured on 140 KB feed documents of English prose: gzip 6 is as
 * small as 9 (within 0.3%); brotli 6 takes a few ms, is 1–2% smaller than 5 and within 1% of 9,
 * while 11 is ~15% smaller but takes ~400 ms per document: too slow to make while a reader
 * waits for its first answer.
 */
const GZIP_LEVEL = 6;
const BROTLI_QUALITY = 6;

/** The served form of a document, with its identity bytes; see `ServedFile.compress`. */
export function serveDocument(doc: FeedDocument, hub?: string): ServedFile {
  const identity = Buffer.from(doc.body, 'utf8');
  const tag = createHash('sha256').update(identity).digest('base64url').slice(0, 32);
  const lastModifiedMs = Math.floor(doc.updated.getTime() / 1000) * 1000;
  const common: OutgoingHttpHeaders = {
    'cache-control': doc.archive ? CACHE_CONTROL.archive : CACHE_CONTROL.current,
    vary: 'Accept-Encoding',
    'last-modified': new Date(lastModifiedMs).toUTCString(),
    'x-content-type-options': 'nosniff',
  };
  if (hub && FEED_FORMATS.includes(doc.format as FeedFormat)) common.link = `<${hub}>; rel="hub"`;
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
  const making: Partial<Record<Compression, Promise<void>>> = {};
  const file: ServedFile = {
    tag,
    lastModifiedMs,
    variants: { identity: variant(identity, 'identity') },
    compress(encoding) {
      making[encoding] ??= compressBytes(identity, encoding).then(
        (bytes) => {
          file.variants[encoding] =
            bytes.length < identity.length ? variant(bytes, encoding) : null;
        },
        // The identity bytes are always a right answer.
        () => {
          file.variants[encoding] = null;
        },
      );
      return making[encoding];
    },
  };
  return file;
}

/**
 * The served form of each document as the feeds are built. Readers poll subscription documents:
 * those are compressed now, in the background, so the first poll does not wait. Archive pages
 * (most of the bytes) are compressed when first asked for.
 */
export function servedFiles(hub?: string): (doc: FeedDocument) => ServedFile {
  return (doc) => {
    const file = serveDocument(doc, hub);
    if (!doc.archive) for (const encoding of ['br', 'gzip'] as const) void file.compress(encoding);
    return file;
  };
}

/** On libuv's thread pool (zlib's async API), so a request being compressed stalls no other. */
function compressBytes(bytes: Buffer, encoding: Compression): Promise<Buffer> {
  if (encoding === 'gzip') return gzipAsync(bytes, { level: GZIP_LEVEL });
  return brotliAsync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}
