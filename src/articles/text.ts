import { ArticleProblem, MAX_ARTICLE_BYTES } from './types.js';
import { removalWarning, xmlSafe } from './xml-text.js';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** One line of a file, with its 1-based number, trailing white space removed. */
export interface Line {
  number: number;
  text: string;
}

/** A file's lines, and the lines that lost characters a feed cannot carry. */
export interface DecodedLines {
  lines: Line[];
  removals: { line: number; reason: string }[];
}

/**
 * Bytes to lines: rejects what is not text (NUL bytes, invalid UTF-8), with the line where it
 * goes wrong. Characters a feed cannot carry (`xmlSafe`) are removed from every line, and each
 * line that lost some is named, so that the article is still published and its author told.
 */
export function decodeLines(path: string, bytes: Uint8Array): DecodedLines | ArticleProblem {
  if (bytes.length === 0) return new ArticleProblem(path, 1, 'empty file');
  if (bytes.length > MAX_ARTICLE_BYTES) {
    return new ArticleProblem(
      path,
      1,
      `file is ${bytes.length} bytes; the limit is ${MAX_ARTICLE_BYTES}`,
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return new ArticleProblem(path, lineOfByte(bytes, nul), 'binary file (contains NUL bytes)');
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    return new ArticleProblem(path, lineOfByte(bytes, at), `not valid UTF-8 (byte ${at})`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const removals: DecodedLines['removals'] = [];
  const lines = text.split(/\r\n|\r|\n/).map((raw, index) => {
    const reason = removalWarning(raw, 'this line');
    if (reason) removals.push({ line: index + 1, reason });
    return { number: index + 1, text: xmlSafe(raw).trimEnd() };
  });
  if (lines.every((line) => line.text.trim() === '')) {
    return new ArticleProblem(path, 1, 'empty file (only white space)');
  }
  return { lines, removals };
}

/** Groups lines into blocks separated by blank lines. */
export function blocks(lines: Line[]): Line[][] {
  const result: Line[][] = [];
  let current: Line[] = [];
  for (const line of lines) {
    if (line.text.trim() === '') {
      if (current.length > 0) result.push(current);
      current = [];
    } else {
      current.push({ number: line.number, text: line.text.trim() });
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}

/** Offset of the first byte that starts no valid UTF-8 sequence (called only after decoding failed). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead < 0xe0
          ? 2
          : lead >= 0xe0 && lead < 0xf0
            ? 3
            : lead >= 0xf0 && lead < 0xf5
              ? 4
              : 0;
    if (length === 0 || i + length > bytes.length) return i;
    const valid = new TextDecoder('utf-8', { fatal: true });
    try {
      valid.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}
