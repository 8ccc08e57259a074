import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The peer's address; null when there is no socket (requests made in process, in tests). */
export function clientAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/** The browser, as consent evidence; bounded so a client cannot fill the table. */
export function userAgent(c: Context): string | null {
  return c.req.header('user-agent')?.slice(0, 512) ?? null;
}

/** Whether to answer in JSON: the request was JSON, or asks for it first. */
export function wantsJson(c: Context): boolean {
  const type = c.req.header('content-type') ?? '';
  const accept = c.req.header('accept') ?? '';
  return /^application\/json\b/i.test(type) || /^application\/json\b/i.test(accept);
}

export type Body =
  | { ok: true; fields: Record<string, unknown> }
  | { ok: false; status: 400 | 415; message: string };

/**
 * A form (urlencoded or multipart; repeated fields become lists) or a JSON object. An empty body
 * is an empty set of fields. Files are refused unless the route takes them (`files`): then a
 * file field is a `File`, and the route bounds the body's size before this reads it.
 */
export async function readBody(c: Context, options: { files?: boolean } = {}): Promise<Body> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    let value: unknown;
    try {
      value = await c.req.json();
    } catch {
      return { ok: false, status: 400, message: 'the body is not valid JSON' };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, status: 400, message: 'the body must be a JSON object' };
    }
    return { ok: true, fields: value as Record<string, unknown> };
  }
  if (
    type.startsWith('application/x-www-form-urlencoded') ||
    type.startsWith('multipart/form-data')
  ) {
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody({ all: true });
    } catch {
      return { ok: false, status: 400, message: 'the form could not be read' };
    }
    const values = Object.values(form).flat();
    if (!options.files && values.some((value) => typeof value !== 'string')) {
      return { ok: false, status: 400, message: 'files are not accepted' };
    }
    return { ok: true, fields: form };
  }
  if (type === '' && (await c.req.text()) === '') return { ok: true, fields: {} };
  return {
    ok: false,
    status: 415,
    message: 'send a form (application/x-www-form-urlencoded) or JSON (application/json)',
  };
}

/** The choices as submitted, to show again beside their problems (escaped when rendered). */
export function submittedChoices(fields: Record<string, unknown>) {
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 254) : undefined);
  const categories = [fields.categories]
    .flat()
    .filter((item): item is string => typeof item === 'string');
  return { email: text(fields.email), categories, frequency: text(fields.frequency) };
}
