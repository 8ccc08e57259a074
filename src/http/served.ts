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
 * Makes the served form of a document. Compression runs on libuv's thread pool (zlib's async
 * API), so a rebuild does not stall requests; a variant that would not be smaller is left out.
 */
export async function serveDocument(doc: FeedDocument, hub?: string): Promise<ServedFile> {
  const identity = Buffer.from(doc.body, 'utf8');
  const [gz, br] = await Promise.all([
    gzipAsync(identity, { level: 9 }),
    brotliAsync(identity, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 9,
        [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
  ]);
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
  return {
    tag,
    lastModifiedMs,
    variants: {
      identity: variant(identity, 'identity'),
      ...(gz.length < identity.length ? { gzip: variant(gz, 'gzip') } : {}),
      ...(br.length < identity.length ? { br: variant(br, 'br') } : {}),
    },
  };
}
