import { sql } from 'kysely';
import { type AuditEntry, recordAudit } from './audit-log.js';
import type { Db } from './database.js';

/**
 * Refused attempts of a locked-out client, one row a minute: the client's latest row of the same
 * actor, action and status in the last `windowMs` counts one more (`repeats`, migration 015);
 * only when there is none is a row written. A guesser that keeps knocking then adds a row a
 * minute, however fast it knocks. Two processes may each open the minute's row: still bounded.
 */
export async function recordRefusal(db: Db, entry: AuditEntry, windowMs = 60_000): Promise<void> {
  const latest = db.kysely
    .selectFrom('admin_audit')
    .select('id')
    .where('action', '=', entry.action)
    .where('ip', entry.ip === null ? 'is' : '=', entry.ip)
    .where('at', '>', entry.at.getTime() - windowMs)
    .where('actor', '=', entry.actor)
    .where('status', '=', entry.status)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1);
  // PostgreSQL and SQLite both take `id = (subquery)`; MySQL-style LIMIT in UPDATE is not portable.
  const result = await db.kysely
    .updateTable('admin_audit')
    .set({ repeats: sql`repeats + 1` })
    .where('id', '=', latest)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) await recordAudit(db, entry);
}

/** Deletes audit rows older than `before` (`GAZETTE_AUDIT_RETENTION_DAYS`); returns how many. */
export async function pruneAudit(db: Db, before: Date): Promise<number> {
  const result = await db.kysely
    .deleteFrom('admin_audit')
    .where('at', '<', before.getTime())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
