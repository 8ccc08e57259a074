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

const cache = new WeakMap<readonly string[], string[]>();

/** The encoded body of chunks with values between them; chunk encodings are cached per array. */
export function encodeFilled(chunks: readonly string[], values: readonly string[]): string {
  let encoded = cache.get(chunks);
  if (!encoded) {
    encoded = chunks.map((chunk, i) => encodePiece(chunk, i === chunks.length - 1));
    cache.set(chunks, encoded);
  }
  let out = encoded[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    out += encodePiece(values[i] ?? '', false) + (encoded[i + 1] ?? '');
  }
  return out;
}
