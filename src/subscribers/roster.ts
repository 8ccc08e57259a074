import { formatCsvRow, parseCsv, restoreCell } from './csv.js';
import type { Preferences, Subscriber } from './types.js';
import { parseSubscription } from './validate.js';

/** `gazette subscribers list`: `email,categories,frequency,status`. */
export function listCsv(subscribers: readonly Subscriber[]): string {
  return [
    formatCsvRow(['email', 'categories', 'frequency', 'status']),
    ...subscribers.map((s) =>
      formatCsvRow([s.email, s.categories.join(','), s.frequency, s.status]),
    ),
  ].join('');
}

const EXPORT_COLUMNS: [string, (s: Subscriber) => string | null | Date][] = [
  ['id', (s) => s.id],
  ['email', (s) => s.email],
  ['name', (s) => s.name],
  ['categories', (s) => s.categories.join(',')],
  ['frequency', (s) => s.frequency],
  ['status', (s) => s.status],
  ['timezone', (s) => s.timezone],
  ['created_at', (s) => s.createdAt],
  ['updated_at', (s) => s.updatedAt],
  ['subscribed_at', (s) => s.subscribedAt],
  ['subscribed_source', (s) => s.subscribedSource],
  ['subscribed_ip', (s) => s.subscribedIp],
  ['subscribed_user_agent', (s) => s.subscribedUserAgent],
  ['confirmed_at', (s) => s.confirmedAt],
  ['confirmed_ip', (s) => s.confirmedIp],
  ['confirmed_user_agent', (s) => s.confirmedUserAgent],
  ['preferences_updated_at', (s) => s.preferencesUpdatedAt],
  ['unsubscribed_at', (s) => s.unsubscribedAt],
  ['bounced_at', (s) => s.bouncedAt],
  ['bounce_reason', (s) => s.bounceReason],
  ['complained_at', (s) => s.complainedAt],
  ['complaint_source', (s) => s.complaintSource],
  ['notice_sent_at', (s) => s.noticeSentAt],
];

/** `gazette subscribers export`: everything held about each subscriber; instants in ISO 8601. */
export function exportCsv(subscribers: readonly Subscriber[]): string {
  const cell = (value: string | null | Date) =>
    value === null ? '' : value instanceof Date ? value.toISOString() : value;
  return [
    formatCsvRow(EXPORT_COLUMNS.map(([name]) => name)),
    ...subscribers.map((s) => formatCsvRow(EXPORT_COLUMNS.map(([, get]) => cell(get(s))))),
  ].join('');
}

export interface ImportRow {
  line: number;
  email: string;
  preferences: Preferences;
}

/**
 * Reads an import file: a header row naming its columns, then one subscriber a row. `email` is
 * required; `categories` and `frequency` are read when present; any other column is ignored, so
 * the output of `subscribers list` or `export` (and the console's export) imports as it is. A
 * cell's formula guard (`'`, see `neutraliseCell`) is taken off. Each bad row becomes a problem
 * with its line number; the good rows are returned to be imported.
 */
export function parseImport(
  text: string,
  knownCategories: readonly string[],
): { rows: ImportRow[]; problems: { line: number; reason: string }[] } {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (error) {
    const line = Number(/^line (\d+)/.exec((error as Error).message)?.[1] ?? 1);
    return { rows: [], problems: [{ line, reason: 'a quoted field is not closed' }] };
  }
  const [header, ...body] = records;
  const names = header?.fields.map((f) => restoreCell(f).trim().toLowerCase()) ?? [];
  const column = (name: string) => names.indexOf(name);
  const [email, categories, frequency] = ['email', 'categories', 'frequency'].map(column);
  if (!header || email === undefined || email < 0) {
    const reason = 'the header row must name an email column (and may name categories, frequency)';
    return { rows: [], problems: [{ line: header?.line ?? 1, reason }] };
  }
  const rows: ImportRow[] = [];
  const problems: { line: number; reason: string }[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of body) {
    if (fields.length > names.length) {
      problems.push({ line, reason: `${fields.length} fields; the header names ${names.length}` });
      continue;
    }
    const cell = (index: number | undefined) => {
      const value = index === undefined || index < 0 ? undefined : fields[index];
      return value === undefined ? undefined : restoreCell(value);
    };
    const parsed = parseSubscription(
      { email: cell(email), categories: cell(categories), frequency: cell(frequency) },
      knownCategories,
    );
    if (!parsed.ok) {
      problems.push({ line, reason: parsed.problems.join('; ') });
      continue;
    }
    const earlier = seen.get(parsed.value.email);
    if (earlier !== undefined) {
      problems.push({ line, reason: `${parsed.value.email} is already on line ${earlier}` });
      continue;
    }
    seen.set(parsed.value.email, line);
    rows.push({ line, ...parsed.value });
  }
  return { rows, problems };
}
