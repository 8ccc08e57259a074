import type { StoreMigration } from './types.js';
import { instant } from './types.js';

/**
 * Schedule slots and the admin audit log.
 *
 * A slot is a run key, (kind, slot instant), unique: the worker whose insert wins plans the run
 * of that slot, every other worker (or a restarted one) finds the row and only helps send, and
 * start-up catch-up reads the same rows to tell a missed slot from a sent one. A row whose
 * planner died before recording its run is taken over once its lease (`claimed_at`) is stale.
 */
export const scheduleAudit: StoreMigration = {
  name: '006_schedule_audit',
  async up(db, dialect) {
    await db.schema
      .createTable('schedule_slots')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('slot_at', instant, (c) => c.notNull())
      .addColumn('zones', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('run_id', 'text')
      .addColumn('claimed_by', 'text', (c) => c.notNull())
      .addColumn('claimed_at', instant, (c) => c.notNull())
      .addColumn('created_at', instant, (c) => c.notNull())
      .addPrimaryKeyConstraint('schedule_slots_key', ['kind', 'slot_at'])
      .execute();
    await db.schema
      .createIndex('schedule_slots_run')
      .on('schedule_slots')
      .column('run_id')
      .execute();

    await db.schema
      .createTable('admin_audit')
      .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('at', instant, (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('admin_audit_at').on('admin_audit').column('at').execute();
  },
  async down(db) {
    await db.schema.dropTable('admin_audit').execute();
    await db.schema.dropTable('schedule_slots').execute();
  },
};
