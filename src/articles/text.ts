import { ArticleProblem, MAX_ARTICLE_BYTES } from './types.js';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** One line of a file, with its 1-based number, trailing white space removed. */
export interface Line {
  number: number;
  text: string;
}

/** Bytes to lines: rejects what is not an article's text, with the line where it goes wrong. */
export function decodeLines(path: string, bytes: Uint8Array): Line[] | ArticleProblem {
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
  const control = firstControlCharacter(text);
  if (control >= 0) {
    const line = text.slice(0, control).split(/\r\n|\r|\n/).length;
    return new ArticleProblem(path, line, 'binary file (contains control characters)');
  }
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((line, index) => ({ number: index + 1, text: line.trimEnd() }));
  if (lines.every((line) => line.text.trim() === '')) {
    return new ArticleProblem(path, 1, 'empty file (only white space)');
  }
  return lines;
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

/** Index of the first C0 control character other than tab and line breaks, or -1. */
function firstControlCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return i;
  }
  return -1;
}
