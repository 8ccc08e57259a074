import { sql } from 'kysely';
import type { StoreMigration } from './types.js';
import { instant } from './types.js';

/**
 * An outcome for every delivery, and send caps shared by every worker.
 *
 * A delivery is `queued`, `claimed` (held by a worker, not yet handed to SMTP), `sending` (written
 * before the SMTP exchange), then `sent`, `deferred` (with `next_attempt_at`), `failed`,
 * `bounced` or `skipped`; `unknown` when its worker died while it was `sending`. The old names map
 * over: `pending` was queued, and the old `sending` only ever meant claimed.
 *
 * `send_slots` counts messages handed to SMTP per minute (the minute a slot is taken is rounded up,
 * so a slot never frees early); rolling hourly and daily caps sum it. `send_caps` is one row that
 * PostgreSQL workers lock while they reserve, so two of them never take the same last slot.
 */
export const deliveryOutcomes: StoreMigration = {
  name: '007_delivery_outcomes',
  async up(db) {
    await db.schema.alterTable('deliveries').addColumn('next_attempt_at', instant).execute();
    await db.schema.alterTable('deliveries').addColumn('first_deferred_at', instant).execute();
    await db.schema.alterTable('deliveries').addColumn('smtp_code', 'integer').execute();
    // Once `unknown`, always noted: a later copy may be a double the operator should know of.
    await db.schema
      .alterTable('deliveries')
      .addColumn('in_doubt', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await sql`update deliveries set status = 'queued' where status = 'pending'`.execute(db);
    await sql`update deliveries set status = 'claimed' where status = 'sending'`.execute(db);

    await db.schema.dropIndex('deliveries_pending').execute();
    await db.schema.dropIndex('deliveries_in_flight').execute();
    // A delivery now changes state three times on its way (claimed, sending, sent): keeping a
    // (run, status) index up to date cost more per message than counting a run's rows costs
    // `runs show`. The partial indexes below cover what workers look up.
    await db.schema.dropIndex('deliveries_run_status').execute();
    await sql`create index deliveries_queued on deliveries (run_id, id) where status = 'queued'`.execute(
      db,
    );
    await sql`create index deliveries_deferred on deliveries (run_id, next_attempt_at)
      where status = 'deferred'`.execute(db);
    await sql`create index deliveries_held on deliveries (run_id, claimed_by)
      where status in ('claimed', 'sending')`.execute(db);
    await sql`create index deliveries_retryable on deliveries (run_id, id)
      where status in ('failed', 'unknown')`.execute(db);

    await db.schema.alterTable('send_runs').addColumn('resume_at', instant).execute();

    await db.schema
      .createTable('send_slots')
      .addColumn('minute', instant, (c) => c.primaryKey())
      .addColumn('used', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('send_caps')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .execute();
    await db.insertInto('send_caps').values({ id: 'slots' }).execute();
  },
};
