import { randomBytes } from 'node:crypto';

export interface Session {
  id: string;
  /** The token every changing form of this session carries in its hidden `csrf` field. */
  csrf: string;
  expiresAt: number;
}

export const SESSION_COOKIE = 'gazette_console';
/** A session ends this long after sign-in, whatever happens in between. */
export const SESSION_TTL_MS = 8 * 3_600_000;

/**
 * Console sessions, held in the serving process: a restart (or another replica) asks for the
 * token again. That is the whole cost, and no session secret ever reaches the database.
 */
export function createSessions(ttlMs = SESSION_TTL_MS) {
  const sessions = new Map<string, Session>();
  const sweep = (now: number) => {
    for (const [id, s] of sessions) if (s.expiresAt <= now) sessions.delete(id);
  };
  return {
    create(now: Date): Session {
      sweep(now.getTime());
      const session = {
        id: randomBytes(32).toString('base64url'),
        csrf: randomBytes(32).toString('base64url'),
        expiresAt: now.getTime() + ttlMs,
      };
      sessions.set(session.id, session);
      return session;
    },
    get(id: string | undefined, now: Date): Session | undefined {
      if (!id) return undefined;
      const session = sessions.get(id);
      if (!session) return undefined;
      if (session.expiresAt <= now.getTime()) {
        sessions.delete(id);
        return undefined;
      }
      return session;
    },
    end(id: string | undefined): void {
      if (id) sessions.delete(id);
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;

/**
 * Failed sign-ins per client: after `limit` failures in `windowMs` the client is refused until
 * the window ends, even with the right token, so guessing costs a window per few tries.
 */
export function createSignInLimiter(limit = 5, windowMs = 15 * 60_000) {
  const failures = new Map<string, { start: number; count: number }>();
  return {
    /** Seconds to wait, or 0 when the client may try. */
    blockedFor(key: string, now: Date): number {
      const entry = failures.get(key);
      if (!entry || now.getTime() - entry.start >= windowMs) return 0;
      return entry.count >= limit ? Math.ceil((entry.start + windowMs - now.getTime()) / 1000) : 0;
    },
    fail(key: string, now: Date): void {
      const entry = failures.get(key);
      if (!entry || now.getTime() - entry.start >= windowMs) {
        if (failures.size > 10_000) failures.clear();
        failures.set(key, { start: now.getTime(), count: 1 });
      } else entry.count++;
    },
    succeed(key: string): void {
      failures.delete(key);
    },
  };
}
