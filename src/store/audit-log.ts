import type { Selectable } from 'kysely';
import type { Db } from './database.js';
import type { AdminAuditTable } from './schema.js';

export interface AuditEntry {
  at: Date;
  /** Who: the name an operator gave, and the fingerprint of the token used (never the token). */
  actor: string;
  /** What: `sends.create`, `runs.list`, `runs.show`, `subscribers.list`, `preview`. */
  action: string;
  /** The run id or address acted on, if any. */
  target: string | null;
  /** The HTTP status answered. */
  status: number;
  detail: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
  /** How many attempts the row stands for (refusals are counted in one row a minute); 1 if unset. */
  repeats?: number;
}

const MAX_DETAIL_CHARS = 2000;
const LONG_STRING_CHARS = 100;

/**
 * The detail as JSON of at most `max` characters that is still JSON (cutting the text would
 * leave it unreadable): long strings are shortened first; failing that, it is summarised.
 */
export function boundedJson(detail: Record<string, unknown>, max: number): string {
  const whole = JSON.stringify(detail);
  if (whole.length <= max) return whole;
  const shortened = JSON.stringify(detail, (_key, value: unknown) =>
    typeof value === 'string' && value.length > LONG_STRING_CHARS
      ? `${value.slice(0, LONG_STRING_CHARS)}…`
      : value,
  );
  if (shortened.length <= max) return shortened;
  const keys = Object.keys(detail).map((key) => key.slice(0, 40));
  for (let kept = keys.length; kept >= 0; kept--) {
    const summary = JSON.stringify({
      truncated: true,
      chars: whole.length,
      keys: keys.slice(0, kept),
    });
    if (summary.length <= max) return summary;
  }
  return '{}';
}

/** Appends one admin action to the audit log; rows are never changed or deleted here. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.kysely
    .insertInto('admin_audit')
    .values({
      at: entry.at.getTime(),
      actor: entry.actor.slice(0, 200),
      action: entry.action,
      target: entry.target?.slice(0, 300) ?? null,
      status: entry.status,
      detail: entry.detail ? boundedJson(entry.detail, MAX_DETAIL_CHARS) : null,
      ip: entry.ip,
      user_agent: entry.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
}

/** The latest entries, newest first. */
export async function listAudit(db: Db, limit: number): Promise<AuditEntry[]> {
  const rows = await db.kysely
    .selectFrom('admin_audit')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(entryOf);
}

/** One entry with its row id: the console's audit page pages by (`at`, `id`). */
export interface AuditRow extends AuditEntry {
  id: number;
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  /** `success`: 2xx and 3xx answers; `refused`: 4xx and 5xx. */
  outcome?: 'success' | 'refused' | undefined;
  /** Only entries older than this one (keyset): the last row of the page before. */
  before?: { at: number; id: number } | undefined;
  limit: number;
}

/**
 * A page of the log, newest first, by (`at`, `id`): `id` breaks ties between entries of the same
 * millisecond. Keyset, not OFFSET, so that page 1,000 costs what page 1 costs; `at <= before.at`
 * is spelled out so that both databases walk the `at` index from the cursor down.
 */
export async function listAuditPage(db: Db, filter: AuditFilter): Promise<AuditRow[]> {
  let query = db.kysely.selectFrom('admin_audit').selectAll();
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.outcome === 'success') {
    query = query.where('status', '>=', 200).where('status', '<', 400);
  } else if (filter.outcome === 'refused') {
    query = query.where('status', '>=', 400);
  }
  const { before } = filter;
  if (before) {
    query = query
      .where('at', '<=', before.at)
      .where((eb) => eb.or([eb('at', '<', before.at), eb('id', '<', before.id)]));
  }
  const rows = await query
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map((row) => ({ id: Number(row.id), ...entryOf(row) }));
}

function entryOf(row: Selectable<AdminAuditTable>): AuditEntry {
  return {
    at: new Date(Number(row.at)),
    actor: row.actor,
    action: row.action,
    target: row.target,
    status: row.status,
    detail: detailOf(row.detail),
    ip: row.ip,
    userAgent: row.user_agent,
    repeats: Number(row.repeats),
  };
}

/**
 * The stored detail. Rows written before `boundedJson` may hold a detail cut at 2,000 characters,
 * which does not parse: its text is kept rather than failing the whole page.
 */
function detailOf(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // Falls through to the text as it is.
  }
  return { unparsed: text };
}

export interface AuditOutcome {
  at: Date;
  status: number;
}

/**
 * The latest outcomes (HTTP statuses) of one audited action from one client address since an
 * instant, newest first. The console's sign-in limit counts failures with this, over every
 * process, from the audit rows it writes anyway (index `admin_audit_action_ip_at`, migration 010).
 * A null address (no socket: requests made in process) is its own client, as it always was.
 */
export async function recentAuditOutcomes(
  db: Db,
  query: {
    actor: string;
    action: string;
    ip: string | null;
    statuses: number[];
    since: Date;
    limit: number;
  },
): Promise<AuditOutcome[]> {
  const rows = await db.kysely
    .selectFrom('admin_audit')
    .select(['at', 'status'])
    .where('action', '=', query.action)
    .where('ip', query.ip === null ? 'is' : '=', query.ip)
    .where('at', '>', query.since.getTime())
    .where('actor', '=', query.actor)
    .where('status', 'in', query.statuses)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit)
    .execute();
  return rows.map((row) => ({ at: new Date(Number(row.at)), status: row.status }));
}
