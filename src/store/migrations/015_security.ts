import type { StoreMigration } from './types.js';

/**
 * Console sessions bound to the admin token they were opened with, and refused attempts counted
 * without a row each.
 *
 * `console_sessions.token_digest`: an HMAC of the admin token keyed by the session's cookie
 * value. Every request compares it with the token the server runs with now, so a new
 * `GAZETTE_ADMIN_TOKEN` ends every session opened with the old one. Keyed by the cookie (which
 * the table never holds), a copy of the database gives nothing to test token guesses against.
 * Sessions from before this migration name no token: they are ended here.
 *
 * `admin_audit.repeats`: how many attempts one row stands for. Sign-ins (and admin API calls)
 * refused while a client is locked out add to the client's latest such row of the last minute
 * instead of writing one each, so a locked-out guesser cannot grow the table without bound.
 */
export const security: StoreMigration = {
  name: '015_security',
  async up(db) {
    await db.deleteFrom('console_sessions').execute();
    await db.schema.alterTable('console_sessions').addColumn('token_digest', 'text').execute();
    await db.schema
      .alterTable('admin_audit')
      .addColumn('repeats', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  },
  async down(db) {
    await db.schema.alterTable('admin_audit').dropColumn('repeats').execute();
    await db.schema.alterTable('console_sessions').dropColumn('token_digest').execute();
  },
};
