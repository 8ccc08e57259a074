import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
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
 * Which admin token a session was opened with: an HMAC keyed by the cookie's value, which the
 * database never holds, so a copy of it gives nothing to test guesses of the token against.
 */
function tokenDigestFor(id: string, adminToken: string): string {
  return createHmac('sha256', id)
    .update(`gazette console admin token\0${adminToken}`)
    .digest('hex');
}

function sameDigest(stored: string | null, expected: string): boolean {
  if (stored === null || stored.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(stored), Buffer.from(expected));
}

/**
 * Console sessions in the database, shared by every `gazette serve` on it: a restart or another
 * replica keeps them. The store keeps only a hash of the cookie's value, and which admin token
 * opened the session: a server running with another token (a rotated one) ends it at its next
 * request, so a leaked token's sessions die with it.
 */
export function createSessions(db: Db, ttlMs = SESSION_TTL_MS) {
  const store = createConsoleSessionStore(db);
  return {
    async create(now: Date, client: SignInClient, adminToken: string): Promise<Session> {
      const id = randomBytes(32).toString('base64url');
      const expiresAt = now.getTime() + ttlMs;
      await store.create(id, {
        createdAt: now,
        expiresAt: new Date(expiresAt),
        ip: client.ip,
        userAgent: client.userAgent,
        tokenDigest: tokenDigestFor(id, adminToken),
      });
      return { id, csrf: csrfFor(id), expiresAt };
    },
    /** The live session of that cookie, opened with `adminToken`; any other is ended. */
    async get(id: string | undefined, now: Date, adminToken: string): Promise<Session | undefined> {
      if (!id) return undefined;
      const record = await store.get(id, now);
      if (!record) return undefined;
      if (!sameDigest(record.tokenDigest, tokenDigestFor(id, adminToken))) {
        await store.end(id);
        return undefined;
      }
      return { id, csrf: csrfFor(id), expiresAt: record.expiresAt.getTime() };
    },
    async end(id: string | undefined): Promise<void> {
      if (id) await store.end(id);
    },
    /** "Sign out everywhere": every session of every operator, in every process. */
    endAll: (): Promise<number> => store.endAll(),
  };
}

export type Sessions = ReturnType<typeof createSessions>;
