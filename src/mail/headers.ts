/** Header values: RFC 2047 encoded words where needed, addresses with display names. */

const PRINTABLE = /^[\x20-\x7e]*$/;

/** An unstructured value (a subject): as is when printable ASCII, else base64 encoded words. */
export function encodeUnstructured(value: string): string {
  if (PRINTABLE.test(value)) return foldWords(value);
  const words: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of value) {
    const size = Buffer.byteLength(char);
    // 45 bytes make 60 base64 characters: each encoded word stays within 75.
    if (bytes + size > 45) {
      words.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  if (current) words.push(current);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join('\r\n ');
}

/** Long printable values are folded at spaces so lines stay near 78 characters. */
function foldWords(value: string): string {
  if (value.length <= 70) return value;
  const lines: string[] = [];
  let line = '';
  for (const word of value.split(' ')) {
    if (line && line.length + word.length + 1 > 70) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join('\r\n ');
}

/**
 * A display name as an RFC 5322 phrase: plain words as they are, other printable text as a
 * quoted string (`,`, `<`, `"` and the like mean something in an address header), and text
 * that is not ASCII as RFC 2047 encoded words.
 */
export function formatPhrase(name: string): string {
  if (!PRINTABLE.test(name)) return encodeUnstructured(name);
  if (/^[A-Za-z0-9_-]+( [A-Za-z0-9_-]+)*$/.test(name)) return name;
  return `"${name.replace(/(["\\])/g, '\\$1')}"`;
}

/** `Name <address>` with the name quoted or encoded as needed; the bare address without one. */
export function formatAddress(address: string, name?: string | null): string {
  return name ? `${formatPhrase(name)} <${address}>` : address;
}

/** The `List-Id` value (RFC 2919): the list's name as a phrase, then its id in angle brackets. */
export function formatListId(name: string, id: string): string {
  return `${formatPhrase(name)} <${id}>`;
}

/**
 * Throws when a header value holds a line break other than folding (CRLF then a space or tab):
 * whatever reached it, text from configuration, an article or a subscriber never starts a
 * header of its own.
 */
export function checkHeaderValue(name: string, value: string): string {
  if (/[\r\n]/.test(value.replace(/\r\n[ \t]/g, ''))) {
    throw new Error(`mail: the ${name} header would hold a line break; refused`);
  }
  return value;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 date in UTC. */
export function formatDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
