import type { Db } from './database.js';
import type { Frequency, SubscriberStatus } from './schema.js';

export interface SubscriberSummary {
  id: string;
  email: string;
  name: string | null;
  /** Category slugs; empty means every category. */
  categories: string[];
  frequency: Frequency;
  status: SubscriberStatus;
}

/** One subscriber by address (normalised as stored: trimmed, domain lower-cased), or undefined. */
export async function findSubscriberByEmail(
  db: Db,
  email: string,
): Promise<SubscriberSummary | undefined> {
  const row = await db.kysely
    .selectFrom('subscribers')
    .select(['id', 'email', 'name', 'categories', 'frequency', 'status'])
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...row, categories: parseCategories(row.categories) };
}

function normaliseEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  return at < 0 ? trimmed : `${trimmed.slice(0, at)}${trimmed.slice(at).toLowerCase()}`;
}

function parseCategories(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((item) => typeof item === 'string') : [];
}
