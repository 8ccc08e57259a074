import type { StoreMigration } from './types.js';
import { instant } from './types.js';

/**
 * Console sessions in the database, so that every `gazette serve` behind a load balancer knows
 * them and a restart signs no one out.
 *
 * The cookie's value is kept only as its SHA-256 (`id_hash`): a copy of the database cannot be
 * replayed as a cookie, and a 256-bit random value needs no salt or slow hash. The CSRF token is
 * not kept at all: it is an HMAC of the cookie's value, so the row holds nothing a form could use.
 *
 * Failed sign-ins are not a table: they are the `admin_audit` rows the console already writes
 * (action `console.sign-in`), counted per client address over the window with the index below.
 */
export const consoleSessions: StoreMigration = {
  name: '010_console_sessions',
  async up(db) {
    await db.schema
      .createTable('console_sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('created_at', instant, (c) => c.notNull())
      .addColumn('expires_at', instant, (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema
      .createIndex('console_sessions_expires')
      .on('console_sessions')
      .column('expires_at')
      .execute();
    await db.schema
      .createIndex('admin_audit_action_ip_at')
      .on('admin_audit')
      .columns(['action', 'ip', 'at'])
      .execute();
  },
  async down(db) {
    await db.schema.dropIndex('admin_audit_action_ip_at').execute();
    await db.schema.dropTable('console_sessions').execute();
  },
};
