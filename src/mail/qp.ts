/**
 * Quoted-printable (RFC 2045) for bodies assembled from pieces. Each piece is encoded on its own
 * and ends with a soft line break unless it ends a line, so a shared template's pieces are
 * encoded once and a recipient's values are encoded alone between them: every line stays within
 * 76 characters and the decoded text is the pieces joined.
 */

const HEX = Array.from(
  { length: 256 },
  (_, b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`,
);
// Printable ASCII without '=', no leading or trailing space, at most 76 characters: kept as is.
const PLAIN_LINE = /^(?:[!-<>-~](?:[ !-<>-~]{0,74}[!-<>-~])?)?$/;

/** Encodes one piece; `last`: the final piece of the body (no soft break after it). */
export function encodePiece(text: string, last: boolean): string {
  const lines = text.split(/\r?\n/);
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (i > 0) out += '\r\n';
    out += PLAIN_LINE.test(line) ? line : encodeLine(line);
  }
  const tail = lines[lines.length - 1] as string;
  return !last && tail !== '' ? `${out}=\r\n` : out;
}

function encodeLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  let out = '';
  let column = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    const literal =
      (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && i < bytes.length - 1);
    const token = literal ? String.fromCharCode(b) : (HEX[b] as string);
    if (column + token.length > 75) {
      out += '=\r\n';
      column = 0;
    }
    out += token;
    column += token.length;
  }
  return out;
}

/**
 * Encodings of shared chunks, by their text. A digest's chunks are its layout's own strings, the
 * same objects in every message built from it however the messages differ, so each is encoded
 * once. Kept up to a size (three bytes a character: the text and its encoding); the oldest go
 * first.
 */
export function createChunkCache<T>(
  encode: (chunk: string, last: boolean) => T,
  budget = 48 * 1024 * 1024,
): (chunk: string, last: boolean) => T {
  // Two maps: a body's final chunk is encoded without the soft break after it.
  const kept = [new Map<string, T>(), new Map<string, T>()] as const;
  let size = 0;
  return (chunk, last) => {
    const map = kept[last ? 1 : 0];
    let encoded = map.get(chunk);
    if (encoded === undefined) {
      encoded = encode(chunk, last);
      map.set(chunk, encoded);
      size += chunk.length * 3;
      while (size > budget && (kept[0].size > 0 || kept[1].size > 0)) {
        const from = kept[0].size > 0 ? kept[0] : kept[1];
        const oldest = from.keys().next().value as string;
        from.delete(oldest);
        size -= oldest.length * 3;
      }
    }
    return encoded;
  };
}

const encodedChunk = createChunkCache(encodePiece);

/** The encoded body of chunks with values between them; chunks are encoded once (see above). */
export function encodeFilled(chunks: readonly string[], values: readonly string[]): string {
  let out = encodedChunk(chunks[0] ?? '', chunks.length === 1);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? '';
    if (value !== '') out += encodePiece(value, false);
    out += encodedChunk(chunks[i + 1] ?? '', i + 2 === chunks.length);
  }
  return out;
}
