import { type Db, recentAuditOutcomes } from '../store/index.js';

/**
 * How a sign-in is written to the audit log. The limit below reads these rows, so the console's
 * sign-in route must record every attempt with exactly this action and these statuses.
 */
export const SIGN_IN_AUDIT = {
  actor: 'console',
  action: 'console.sign-in',
  failed: 401,
  succeeded: 303,
  refused: 429,
} as const;

/**
 * Failed sign-ins per client address, counted over every process on the database: after `limit`
 * failures within `windowMs` (with no successful sign-in since) the client is refused until the
 * oldest of them leaves the window, even with the right token. Guessing then costs a window per
 * few tries however many replicas there are.
 */
export function createSignInLimiter(db: Db, limit = 5, windowMs = 15 * 60_000) {
  return {
    /** Seconds to wait, or 0 when the client may try. */
    async blockedFor(ip: string | null, now: Date): Promise<number> {
      const outcomes = await recentAuditOutcomes(db, {
        actor: SIGN_IN_AUDIT.actor,
        action: SIGN_IN_AUDIT.action,
        ip,
        statuses: [SIGN_IN_AUDIT.failed, SIGN_IN_AUDIT.succeeded],
        since: new Date(now.getTime() - windowMs),
        limit,
      });
      // A successful sign-in clears the failures before it, as it did in memory.
      const lastSuccess = outcomes.findIndex((o) => o.status === SIGN_IN_AUDIT.succeeded);
      const failures = lastSuccess === -1 ? outcomes : outcomes.slice(0, lastSuccess);
      const oldest = failures[limit - 1];
      if (!oldest) return 0;
      return Math.max(1, Math.ceil((oldest.at.getTime() + windowMs - now.getTime()) / 1000));
    },
  };
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;
