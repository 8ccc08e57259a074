import type { Context } from 'hono';

const FREQUENCIES = ['daily', 'weekly'] as const;

/** The name an operator may give in `X-Gazette-Operator`, kept to plain characters. */
export function operatorName(c: Context): string | undefined {
  return c.req
    .header('x-gazette-operator')
    ?.replace(/[^\w .@-]/g, '')
    .slice(0, 64);
}

export function clamp(text: string | undefined, fallback: number, max: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 ? Math.min(value, max) : fallback;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export async function readJson(c: Context): Promise<Parsed<Record<string, unknown>>> {
  const type = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  if (text.trim() === '') return { ok: true, value: {} };
  if (!/^application\/json\b/i.test(type))
    return { ok: false, error: 'send JSON (application/json)' };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { ok: true, value: value as Record<string, unknown> };
    }
  } catch {}
  return { ok: false, error: 'the body must be a JSON object' };
}

export function parseSend(
  body: Record<string, unknown>,
  known: readonly string[],
): Parsed<{ frequency: 'daily' | 'weekly'; categories: string[]; dryRun: boolean }> {
  const frequency = body.frequency ?? 'daily';
  if (!(FREQUENCIES as readonly unknown[]).includes(frequency)) {
    return { ok: false, error: 'frequency must be "daily" or "weekly"' };
  }
  const raw = body.categories ?? [];
  const list = typeof raw === 'string' ? raw.split(',') : raw;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
    return { ok: false, error: 'categories must be a list of category slugs' };
  }
  const categories = [...new Set(list.map((item) => item.trim()).filter(Boolean))];
  const unknown = categories.filter((slug) => !known.includes(slug));
  if (unknown.length > 0) {
    return { ok: false, error: `unknown categories: ${unknown.slice(0, 5).join(', ')}` };
  }
  const dryRun = body.dryRun ?? false;
  if (typeof dryRun !== 'boolean') return { ok: false, error: 'dryRun must be true or false' };
  return { ok: true, value: { frequency: frequency as 'daily' | 'weekly', categories, dryRun } };
}
