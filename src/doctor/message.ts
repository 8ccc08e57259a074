/**
 * Just enough MIME to read a message back as a mailbox provider would: its headers (unfolded,
 * in order), and the decoded text/plain and text/html parts, however deeply nested.
 */
export interface ReadMessage {
  /** `[name, value]` with the name as written and the value unfolded. */
  headers: [string, string][];
  /** Each header line as written (folds kept), for DKIM. */
  rawHeaders: string[];
  body: string;
  text?: string;
  html?: string;
}

export function readMessage(raw: string): ReadMessage {
  const { head, body } = split(raw.replace(/\r?\n/g, '\r\n'));
  const rawHeaders = fields(head);
  const headers = rawHeaders.map(parseField);
  const found: { text?: string; html?: string } = {};
  walk(headers, body, found);
  return { headers, rawHeaders, body, ...found };
}

/** The first value of a header, by case-insensitive name. */
export function header(message: { headers: [string, string][] }, name: string): string | undefined {
  const lower = name.toLowerCase();
  return message.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

function split(text: string): { head: string; body: string } {
  const end = text.indexOf('\r\n\r\n');
  return end < 0
    ? { head: text, body: '' }
    : { head: text.slice(0, end), body: text.slice(end + 4) };
}

function fields(head: string): string[] {
  const out: string[] = [];
  for (const line of head.split('\r\n')) {
    if (/^[ \t]/.test(line) && out.length > 0) out[out.length - 1] += `\r\n${line}`;
    else if (line) out.push(line);
  }
  return out;
}

function parseField(field: string): [string, string] {
  const colon = field.indexOf(':');
  return [
    field.slice(0, colon).trim(),
    field
      .slice(colon + 1)
      .replace(/\r\n/g, '')
      .trim(),
  ];
}

function walk(headers: [string, string][], body: string, found: { text?: string; html?: string }) {
  const type = (header({ headers }, 'content-type') ?? 'text/plain').toLowerCase();
  const disposition = header({ headers }, 'content-disposition') ?? '';
  if (type.startsWith('multipart/')) {
    const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(
      header({ headers }, 'content-type') ?? '',
    );
    const marker = boundary?.[1] ?? boundary?.[2];
    if (!marker) return;
    const sections = body.split(`--${marker}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      const { head, body: partBody } = split(section.replace(/^\r\n/, ''));
      walk(fields(head).map(parseField), partBody.replace(/\r\n$/, ''), found);
    }
    return;
  }
  if (/^attachment/i.test(disposition)) return;
  const encoding = (header({ headers }, 'content-transfer-encoding') ?? '7bit').toLowerCase();
  const decoded = decode(body, encoding);
  if (type.startsWith('text/plain') && found.text === undefined) found.text = decoded;
  if (type.startsWith('text/html') && found.html === undefined) found.html = decoded;
}

function decode(body: string, encoding: string): string {
  if (encoding === 'base64')
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding !== 'quoted-printable') return body;
  const bytes: number[] = [];
  const text = body.replace(/=\r\n/g, '');
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const hex = text.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(char, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}
