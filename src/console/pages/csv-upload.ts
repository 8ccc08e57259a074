import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { readBody } from '../../http/request.js';
import { decodeCsvFile } from '../../subscribers/index.js';
import type { ImportOrigin } from '../index.js';
import { audit, type ConsoleContext, field, sessionOf } from './guard.js';
import type { Session } from './session.js';

/** An import is read whole into memory, file or pasted text: this bounds it. */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;
/** Room for the rest of the form around the file: the other fields and multipart boundaries. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

const MAX_NAME_LENGTH = 200;

export type CsvSource =
  | { ok: true; text: string; origin: ImportOrigin }
  | { ok: false; status: 400 | 413 | 415; reason: string; origin: ImportOrigin | null };

/** Reads a form that may carry a file (the import form is `multipart/form-data`). */
export const readUploadForm = (c: Context) => readBody(c, { files: true });

/**
 * Refuses a body over the limit with 413 before it is read: from the Content-Length when there
 * is one, otherwise while the body streams in. Without a session this lets the request through
 * untouched, so that the action refuses it (403) before reading anything.
 */
export function limitCsvUpload(
  ctx: ConsoleContext,
  actionName: string,
  tooLarge: (c: Context, session: Session, reason: string) => Response | Promise<Response>,
): MiddlewareHandler {
  const reason = `the upload is over ${mib(MAX_CSV_BYTES)}; split the file and import each part`;
  const limit = bodyLimit({
    maxSize: MAX_CSV_BYTES + FORM_OVERHEAD_BYTES,
    onError: async (c) => {
      const session = await sessionOf(ctx, c);
      if (!session) return c.text('Forbidden: sign in first\n', 403);
      const declared = Number(c.req.header('content-length'));
      await audit(ctx, c, actionName, 413, {
        reason: 'upload over the size limit',
        ...(Number.isFinite(declared) && declared > 0 ? { bytes: declared } : {}),
      });
      return tooLarge(c, session, reason);
    },
  });
  return async (c, next) => ((await sessionOf(ctx, c)) ? limit(c, next) : next());
}

/**
 * The CSV to import: a chosen file or the pasted text (one of them, never both). A file is read
 * only here, after the action has checked the form's CSRF token. Its declared type is ignored
 * (browsers on Windows call a `.csv` "application/vnd.ms-excel"); its bytes must be UTF-8 text.
 */
export async function csvSource(fields: Record<string, unknown>): Promise<CsvSource> {
  const upload = chosenFile(fields.file);
  const pasted = field(fields, 'csv') ?? '';
  if (upload && pasted !== '') {
    const reason = 'choose a file or paste CSV, not both';
    return { ok: false, status: 400, reason, origin: null };
  }
  if (upload) {
    const origin: ImportOrigin = { kind: 'file', name: fileName(upload), bytes: upload.size };
    if (upload.size > MAX_CSV_BYTES) {
      const size = `${upload.size.toLocaleString('en')} bytes`;
      const reason = `${origin.name} is ${size}; the most is ${mib(MAX_CSV_BYTES)}: split it and import each part`;
      return { ok: false, status: 413, reason, origin };
    }
    const decoded = decodeCsvFile(new Uint8Array(await upload.arrayBuffer()));
    if (!decoded.ok) return { ok: false, status: 415, reason: decoded.reason, origin };
    return { ok: true, text: decoded.text, origin };
  }
  if (pasted === '') {
    return { ok: false, status: 400, reason: 'choose a CSV file or paste CSV', origin: null };
  }
  if (Buffer.byteLength(pasted) > MAX_CSV_BYTES) {
    const reason = `the pasted text is over ${mib(MAX_CSV_BYTES)}; import it as files instead`;
    return { ok: false, status: 413, reason, origin: { kind: 'paste' } };
  }
  return { ok: true, text: pasted, origin: { kind: 'paste' } };
}

/** The file input's value; a form whose file input was left empty still sends an empty part. */
function chosenFile(value: unknown): File | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first instanceof File && (first.size > 0 || first.name !== '') ? first : undefined;
}

/** The name as the browser sent it, bounded and without control characters (it is logged). */
function fileName(file: File): string {
  const printable = [...file.name].filter((char) => char >= ' ' && char !== '\u007f');
  return printable.join('').slice(0, MAX_NAME_LENGTH) || 'the file';
}

const mib = (bytes: number) => `${bytes / (1024 * 1024)} MiB`;
