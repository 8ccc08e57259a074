import type { OutgoingHttpHeaders } from 'node:http';
import type { Compression, Encoding, ServedFile } from './served.js';

export interface RequestFacts {
  method: string;
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
  acceptEncoding?: string | undefined;
}

export interface Answer {
  status: 200 | 304;
  headers: OutgoingHttpHeaders;
  body?: Buffer | undefined;
}

/**
 * The answer to a GET or HEAD for a prebuilt file, once `variantToMake` has nothing to make: the validators are checked before anything
 * else (RFC 9110 §13.2.2: `If-None-Match` wins over `If-Modified-Since`), then an encoding is
 * picked. Pure: no I/O, no allocation beyond the answer.
 */
export function answer(file: ServedFile, request: RequestFacts): Answer {
  const notModified =
    request.ifNoneMatch !== undefined
      ? etagMatches(request.ifNoneMatch, file.tag)
      : request.ifModifiedSince !== undefined && notModifiedSince(request.ifModifiedSince, file);
  const variant =
    file.variants[pickEncoding(request.acceptEncoding, file)] ?? file.variants.identity;
  if (notModified) return { status: 304, headers: variant.notModified };
  return {
    status: 200,
    headers: variant.ok,
    body: request.method === 'HEAD' ? undefined : variant.body,
  };
}

/** Weak comparison, as `If-None-Match` asks: `W/` and our encoding suffix are ignored. */
function etagMatches(header: string, tag: string): boolean {
  // Pollers send back exactly the ETag they were given: answer that without parsing.
  if (header.length >= tag.length + 2 && header.charCodeAt(0) === 34 && header.startsWith(tag, 1)) {
    const rest = header.slice(tag.length + 1);
    if (rest === '"' || rest === '-gzip"' || rest === '-br"') return true;
  }
  if (header.trim() === '*') return true;
  for (const candidate of header.split(',')) {
    const opaque = candidate.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    if (opaque === tag || opaque === `${tag}-gzip` || opaque === `${tag}-br`) return true;
  }
  return false;
}

function notModifiedSince(header: string, file: ServedFile): boolean {
  const since = Date.parse(header);
  return !Number.isNaN(since) && file.lastModifiedMs <= since;
}

/** Brotli, then gzip, when the client accepts them (`q=0` refuses); otherwise identity. */
export function pickEncoding(header: string | undefined, file: ServedFile): Encoding {
  for (const encoding of acceptedCompressions(header)) if (file.variants[encoding]) return encoding;
  return 'identity';
}

/**
 * The compressed variant to make before answering, if any: the best one the client accepts
 * that has not been tried yet, unless a better one is already there.
 */
export function variantToMake(
  header: string | undefined,
  file: ServedFile,
): Compression | undefined {
  for (const encoding of acceptedCompressions(header)) {
    const variant = file.variants[encoding];
    if (variant === undefined) return encoding;
    if (variant !== null) return undefined;
  }
  return undefined;
}

/**
 * Clients send a handful of distinct Accept-Encoding values, and a poll reads it twice (the
 * variant to make, then the answer): remember the last few readings.
 */
const readings = new Map<string, readonly Compression[]>();

function acceptedCompressions(header: string | undefined): readonly Compression[] {
  if (!header) return NONE;
  let reading = readings.get(header);
  if (reading === undefined) {
    reading = readAcceptEncoding(header);
    if (readings.size >= 64) readings.clear();
    readings.set(header, reading);
  }
  return reading;
}

function readAcceptEncoding(header: string): readonly Compression[] {
  let br = false;
  let gzip = false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) <= 0) continue;
    if (name === 'br') br = true;
    else if (name === 'gzip' || name === 'x-gzip') gzip = true;
    else if (name === '*') br = gzip = true;
  }
  return br ? (gzip ? BOTH : BR) : gzip ? GZIP : NONE;
}

// Shared, so that reading a header allocates nothing.
const BOTH: readonly Compression[] = ['br', 'gzip'];
const BR: readonly Compression[] = ['br'];
const GZIP: readonly Compression[] = ['gzip'];
const NONE: readonly Compression[] = [];
