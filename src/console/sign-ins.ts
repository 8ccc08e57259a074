import { type Db, recentAuditOutcomes } from '../store/index.js';

/** How one door's sign-in attempts are written to the audit log, for the limit to count. */
export interface AttemptAudit {
  actor: string;
  action: string;
  /** A wrong token. */
  failed: number;
  /** A right token, which clears the failures before it; none: nothing clears them. */
  succeeded?: number;
  /** Refused unread while the client is locked out. */
  refused: number;
}

/**
 * How a console sign-in is written to the audit log. The limit below reads these rows, so the
 * console's sign-in route must record every attempt with exactly this action and these statuses.
 */
export const SIGN_IN_AUDIT = {
  actor: 'console',
  action: 'console.sign-in',
  failed: 401,
  succeeded: 303,
  refused: 429,
} as const satisfies AttemptAudit;

/**
 * A wrong bearer token at the admin API (`/admin/*`). A script that holds the right token never
 * writes one of these, so nothing needs clearing: a client locked out waits out the window.
 */
export const ADMIN_API_AUDIT = {
  actor: 'admin API',
  action: 'admin.sign-in',
  failed: 401,
  refused: 429,
} as const satisfies AttemptAudit;

/**
 * Failed sign-ins per client address, counted over every process on the database: after `limit`
 * failures within `windowMs` (with no successful sign-in since) the client is refused until the
 * oldest of them leaves the window, even with the right token. Guessing then costs a window per
 * few tries however many replicas there are.
 */
export function createSignInLimiter(
  db: Db,
  audit: AttemptAudit = SIGN_IN_AUDIT,
  limit = 5,
  windowMs = 15 * 60_000,
) {
  const counted = audit.succeeded === undefined ? [audit.failed] : [audit.failed, audit.succeeded];
  return {
    /** Seconds to wait, or 0 when the client may try. */
    async blockedFor(ip: string | null, now: Date): Promise<number> {
      const outcomes = await recentAuditOutcomes(db, {
        actor: audit.actor,
        action: audit.action,
        ip,
        statuses: counted,
        since: new Date(now.getTime() - windowMs),
        limit,
      });
      // A successful sign-in clears the failures before it, as it did in memory.
      const lastSuccess = outcomes.findIndex((o) => o.status === audit.succeeded);
      const failures = lastSuccess === -1 ? outcomes : outcomes.slice(0, lastSuccess);
      const oldest = failures[limit - 1];
      if (!oldest) return 0;
      return Math.max(1, Math.ceil((oldest.at.getTime() + windowMs - now.getTime()) / 1000));
    },
  };
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;
