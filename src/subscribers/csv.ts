/** RFC 4180 CSV: just what `subscribers list|export|import` need. */

export interface CsvRecord {
  /** The line the record starts on (1-based): a quoted field may span lines. */
  line: number;
  fields: string[];
}

/**
 * The text of an uploaded or named CSV file. Only UTF-8 is read (a BOM is dropped): a file in
 * another encoding would turn accented addresses into different ones without a word, so it is
 * refused instead, as is a file with NUL bytes (a spreadsheet or other binary, not text).
 */
export function decodeCsvFile(
  bytes: Uint8Array,
): { ok: true; text: string } | { ok: false; reason: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return {
      ok: false,
      reason: 'the file is not UTF-8 text; save it as "CSV UTF-8" and try again',
    };
  }
  if (text.includes('\u0000')) {
    return { ok: false, reason: 'the file is not text (it has NUL bytes); export it as CSV' };
  }
  return { ok: true, text };
}

/** Parses CSV text (CRLF or LF, optional BOM); throws on an unterminated quoted field. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const input = text.replace(/^\uFEFF/, '');
  let line = 1;
  let start = 1;
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let wasQuoted = false;
  const endRecord = () => {
    fields.push(field);
    // A blank line is no record.
    if (fields.length > 1 || fields[0] !== '' || wasQuoted) records.push({ line: start, fields });
    fields = [];
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < input.length; i++) {
    const char = input[i] as string;
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
      wasQuoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      field += char;
    }
  }
  if (quoted) throw new Error(`line ${start}: a quoted field is not closed`);
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return records;
}

/**
 * One CSV line (with its line break), quoting only where needed. Every cell that a spreadsheet
 * would run as a formula is neutralised first (see `neutraliseCell`): whoever opens a file
 * Gazette wrote runs nothing a subscriber typed.
 */
export function formatCsvRow(fields: readonly string[]): string {
  return `${fields.map((field) => quote(neutraliseCell(field))).join(',')}\r\n`;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) || /^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * A cell starting with `=`, `+`, `-`, `@`, tab or carriage return is a formula to a spreadsheet,
 * and valid addresses can (`=1+2@example.com`): OWASP's rule prefixes it with `'`, which
 * spreadsheets show as text. Apostrophes before such a character are prefixed too, so that
 * `restoreCell` can tell a prefix from an address that starts with `'` and give back exactly
 * what was written.
 */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes `neutraliseCell`, for the import: `restoreCell(neutraliseCell(x)) === x` for any x. */
export function restoreCell(text: string): string {
  return /^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

const FORMULA_START = /^'*[=+\-@\t\r]/;
