import { createHmac, randomBytes } from 'node:crypto';
import { createConsoleSessionStore, type Db } from '../store/index.js';

export interface Session {
  /** The cookie's value: known to the browser and to this request only, never stored. */
  id: string;
  /** The token every changing form of this session carries in its hidden `csrf` field. */
  csrf: string;
  expiresAt: number;
}

/** Who signed in, as the audit log notes it too. */
export interface SignInClient {
  ip: string | null;
  userAgent: string | null;
}

/** A session ends this long after sign-in, whatever happens in between. */
export const SESSION_TTL_MS = 8 * 3_600_000;

/**
 * The CSRF token, derived from the cookie's value rather than stored: a copy of the database then
 * holds nothing a forged form could carry, and every process computes the same token.
 */
function csrfFor(id: string): string {
  return createHmac('sha256', id).update('gazette console csrf').digest('base64url');
}

/**
 * Console sessions in the database, shared by every `gazette serve` on it: a restart or another
 * replica keeps them. The store keeps only a hash of the cookie's value.
 */
export function createSessions(db: Db, ttlMs = SESSION_TTL_MS) {
  const store = createConsoleSessionStore(db);
  return {
    async create(now: Date, client: SignInClient): Promise<Session> {
      const id = randomBytes(32).toString('base64url');
      const expiresAt = now.getTime() + ttlMs;
      await store.create(id, {
        createdAt: now,
        expiresAt: new Date(expiresAt),
        ip: client.ip,
        userAgent: client.userAgent,
      });
      return { id, csrf: csrfFor(id), expiresAt };
    },
    async get(id: string | undefined, now: Date): Promise<Session | undefined> {
      if (!id) return undefined;
      const record = await store.get(id, now);
      if (!record) return undefined;
      return { id, csrf: csrfFor(id), expiresAt: record.expiresAt.getTime() };
    },
    async end(id: string | undefined): Promise<void> {
      if (id) await store.end(id);
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
