import { createHash } from 'node:crypto';
import type { Db } from './database.js';

export interface ConsoleSessionRecord {
  createdAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
  /** Which admin token opened it (see migration 015); null for a session from before. */
  tokenDigest: string | null;
}

/** What the table keys a session by: the cookie's value itself never reaches the database. */
export function consoleSessionKey(cookieValue: string): string {
  return createHash('sha256').update(cookieValue).digest('hex');
}

/**
 * Console sessions shared by every process on the database. Each call takes the cookie's value
 * and hashes it here, so no caller can store or look up the value as is by mistake.
 */
export function createConsoleSessionStore(db: Db) {
  const { kysely } = db;
  const sweep = async (now: Date): Promise<number> => {
    const result = await kysely
      .deleteFrom('console_sessions')
      .where('expires_at', '<=', now.getTime())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  };
  return {
    /** Stores a new session; expired ones go first, so the table holds only live sessions. */
    async create(cookieValue: string, session: ConsoleSessionRecord): Promise<void> {
      await sweep(session.createdAt);
      await kysely
        .insertInto('console_sessions')
        .values({
          id_hash: consoleSessionKey(cookieValue),
          created_at: session.createdAt.getTime(),
          expires_at: session.expiresAt.getTime(),
          ip: session.ip?.slice(0, 100) ?? null,
          user_agent: session.userAgent?.slice(0, 300) ?? null,
          token_digest: session.tokenDigest,
        })
        .execute();
    },
    /** The live session with that cookie; an expired one is deleted and not returned. */
    async get(cookieValue: string, now: Date): Promise<ConsoleSessionRecord | undefined> {
      const key = consoleSessionKey(cookieValue);
      const row = await kysely
        .selectFrom('console_sessions')
        .selectAll()
        .where('id_hash', '=', key)
        .executeTakeFirst();
      if (!row) return undefined;
      if (Number(row.expires_at) <= now.getTime()) {
        await kysely.deleteFrom('console_sessions').where('id_hash', '=', key).execute();
        return undefined;
      }
      return {
        createdAt: new Date(Number(row.created_at)),
        expiresAt: new Date(Number(row.expires_at)),
        ip: row.ip,
        userAgent: row.user_agent,
        tokenDigest: row.token_digest,
      };
    },
    /** Ends a session at once, for every process. */
    async end(cookieValue: string): Promise<void> {
      await kysely
        .deleteFrom('console_sessions')
        .where('id_hash', '=', consoleSessionKey(cookieValue))
        .execute();
    },
    /** Ends every session, for every process ("sign out everywhere"); returns how many. */
    async endAll(): Promise<number> {
      const result = await kysely.deleteFrom('console_sessions').executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    /** Deletes every expired session; returns how many. */
    sweep,
  };
}

export type ConsoleSessionStore = ReturnType<typeof createConsoleSessionStore>;
