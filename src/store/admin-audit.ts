import type { Db } from './database.js';

export interface AuditEntry {
  at: Date;
  /** Who: `console`, `api`, `cli:user`. */
  actor: string;
  /** What, as a short verb phrase: `runs.cancel`, `send.start`, `subscribers.erase`. */
  action: string;
  target?: string | null;
  /** The HTTP status answered (or 0 outside HTTP). */
  status: number;
  /** The request's parameters; never a token. */
  detail?: Record<string, unknown> | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** Appends to `admin_audit` (migration 006): every operator action, whichever door it came in by. */
export function createAuditLog(db: Db) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      await db.kysely
        .insertInto('admin_audit')
        .values({
          at: entry.at.getTime(),
          actor: entry.actor,
          action: entry.action,
          target: entry.target ?? null,
          status: entry.status,
          detail: entry.detail ? JSON.stringify(entry.detail) : null,
          ip: entry.ip ?? null,
          user_agent: entry.userAgent?.slice(0, 512) ?? null,
        })
        .execute();
    },
    async recent(limit: number): Promise<(AuditEntry & { id: number })[]> {
      const rows = await db.kysely
        .selectFrom('admin_audit')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        at: new Date(Number(r.at)),
        actor: r.actor,
        action: r.action,
        target: r.target,
        status: r.status,
        detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
        ip: r.ip,
        userAgent: r.user_agent,
      }));
    },
  };
}
