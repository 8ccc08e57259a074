import type { Db } from './database.js';

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
