import type { Db } from './database.js';

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
      detail: entry.detail ? JSON.stringify(entry.detail).slice(0, 2000) : null,
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
  return rows.map((row) => ({
    at: new Date(Number(row.at)),
    actor: row.actor,
    action: row.action,
    target: row.target,
    status: row.status,
    detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
    ip: row.ip,
    userAgent: row.user_agent,
  }));
}
