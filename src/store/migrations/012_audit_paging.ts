import type { StoreMigration } from './types.js';

/**
 * Indexes for the console's audit log page, filtered by action or by actor. Unfiltered, it pages
 * (keyset on `at`, `id`) down `admin_audit_at` from migration 006. Filtered, that index alone
 * walks every newer entry to find 50 that match: on a log that is mostly an API script polling,
 * a rare action (or a mistyped one, which matches nothing) read the whole table. With the filter
 * column first, a filtered page costs what an unfiltered one does.
 */
export const auditPaging: StoreMigration = {
  name: '012_audit_paging',
  async up(db) {
    await db.schema
      .createIndex('admin_audit_action_at')
      .on('admin_audit')
      .columns(['action', 'at'])
      .execute();
    await db.schema
      .createIndex('admin_audit_actor_at')
      .on('admin_audit')
      .columns(['actor', 'at'])
      .execute();
  },
  async down(db) {
    await db.schema.dropIndex('admin_audit_actor_at').execute();
    await db.schema.dropIndex('admin_audit_action_at').execute();
  },
};
