import { parseImport } from './roster.js';
import type { AddResult } from './service.js';
import type { Preferences, SubscriberStatus } from './types.js';

const IMPORT_LANES = 8;

/** What happened to one line of an import file. */
export type ImportLine =
  | { line: number; outcome: 'added'; email: string }
  | { line: number; outcome: 'exists'; email: string; status: SubscriberStatus }
  /** `email` is null when the row could not be read as a subscriber at all. */
  | { line: number; outcome: 'refused'; email: string | null; reason: string };

export interface ImportReport {
  /** Every line, in file order. */
  lines: ImportLine[];
  added: number;
  existing: number;
  refused: number;
}

/** The one call of the subscription service an import needs. */
export interface ImportTarget {
  add(
    email: string,
    preferences: Preferences,
    options: { confirmed: boolean; source: 'import' },
    now: Date,
  ): Promise<AddResult>;
}

/**
 * `gazette subscribers import` and the console's import: reads the CSV, adds each good row
 * (without `confirmed`, each gets a confirmation email) and reports every line. One failing row
 * never stops the others.
 */
export async function importSubscribers(
  target: ImportTarget,
  text: string,
  knownCategories: readonly string[],
  options: {
    confirmed: boolean;
    clock: () => Date;
    /** After each row: how many are done of how many (the lines that are rows). */
    onProgress?: (done: number, total: number) => void;
  },
): Promise<ImportReport> {
  const { rows, problems } = parseImport(text, knownCategories);
  const lines: ImportLine[] = problems.map((problem) => ({
    line: problem.line,
    outcome: 'refused',
    email: null,
    reason: problem.reason,
  }));
  // A few rows at a time: each new one waits on its confirmation email, and addresses are
  // unique within a file (see `parseImport`), so no two adds touch the same subscriber.
  let next = 0;
  let done = 0;
  const lane = async () => {
    for (let row = rows[next++]; row; row = rows[next++]) {
      await addRow(row);
      options.onProgress?.(++done, rows.length);
    }
  };
  const addRow = async (row: (typeof rows)[number]) => {
    try {
      const result = await target.add(
        row.email,
        row.preferences,
        { confirmed: options.confirmed, source: 'import' },
        options.clock(),
      );
      lines.push(
        result.status === 'added'
          ? { line: row.line, outcome: 'added', email: row.email }
          : {
              line: row.line,
              outcome: 'exists',
              email: row.email,
              status: result.subscriber.status,
            },
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      lines.push({ line: row.line, outcome: 'refused', email: row.email, reason });
    }
  };
  await Promise.all(Array.from({ length: IMPORT_LANES }, lane));
  lines.sort((a, b) => a.line - b.line);
  const count = (outcome: ImportLine['outcome']) =>
    lines.filter((line) => line.outcome === outcome).length;
  return { lines, added: count('added'), existing: count('exists'), refused: count('refused') };
}
