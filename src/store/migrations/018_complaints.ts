import type { StoreMigration } from './types.js';
import { instant } from './types.js';

/**
 * Spam complaints and relays' signed events.
 *
 * - `subscribers.complained_at` / `complaint_source`: when a reader reported a digest as spam,
 *   and through what (a feedback loop's ARF report, a relay's webhook). `complained` is final.
 * - `complaints`: one row per delivery reported (unique), so a run's complaint rate counts each
 *   report once however often it arrives.
 * - `hook_events`: every relay event acted on, by the relay's own event id: the same event
 *   posted twice changes nothing the second time.
 * - `send_runs.pause_reason`: why a run is held (the complaint-rate guard says so; an operator's
 *   pause leaves it null); `guard_tripped_at`: the guard holds a run once, and an operator's
 *   resume is not undone by the next complaint.
 */
export const complaints: StoreMigration = {
  name: '018_complaints',
  async up(db, dialect) {
    const serial = (c: ReturnType<typeof db.schema.createTable>) =>
      c.addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (col) =>
        dialect === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement(),
      );
    await db.schema.alterTable('subscribers').addColumn('complained_at', instant).execute();
    await db.schema.alterTable('subscribers').addColumn('complaint_source', 'text').execute();
    await db.schema.alterTable('send_runs').addColumn('pause_reason', 'text').execute();
    await db.schema.alterTable('send_runs').addColumn('guard_tripped_at', instant).execute();

    await serial(db.schema.createTable('complaints'))
      .addColumn('delivery_id', 'bigint', (c) => c.notNull().unique())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('subscriber_id', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('feedback_type', 'text', (c) => c.notNull())
      .addColumn('reporter', 'text')
      .addColumn('received_at', instant, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('complaints_run').on('complaints').column('run_id').execute();
    await db.schema
      .createIndex('complaints_received')
      .on('complaints')
      .column('received_at')
      .execute();

    await db.schema
      .createTable('hook_events')
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('delivery_id', 'bigint')
      .addColumn('received_at', instant, (c) => c.notNull())
      .addPrimaryKeyConstraint('hook_events_key', ['provider', 'event_id'])
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('hook_events').execute();
    await db.schema.dropTable('complaints').execute();
    await db.schema.alterTable('send_runs').dropColumn('guard_tripped_at').execute();
    await db.schema.alterTable('send_runs').dropColumn('pause_reason').execute();
    await db.schema.alterTable('subscribers').dropColumn('complaint_source').execute();
    await db.schema.alterTable('subscribers').dropColumn('complained_at').execute();
  },
};
