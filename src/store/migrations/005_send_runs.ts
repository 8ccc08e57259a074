import { sql } from 'kysely';
import type { StoreMigration } from './types.js';
import { instant } from './types.js';

/**
 * Send runs and their outbox: one delivery row per (run, subscriber), kept after sending as the
 * never-twice record and as the history the next digest selection reads. Workers keep a
 * heartbeat row; a claim whose worker's heartbeat is stale is free to take.
 */
export const sendRuns: StoreMigration = {
  name: '005_send_runs',
  async up(db, dialect) {
    await db.schema
      .createTable('send_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('frequency', 'text', (c) => c.notNull())
      .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_by', 'text', (c) => c.notNull())
      .addColumn('window_start', instant)
      .addColumn('window_end', instant, (c) => c.notNull())
      .addColumn('planned', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sent', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', instant, (c) => c.notNull())
      .addColumn('started_at', instant)
      .addColumn('finished_at', instant)
      .addColumn('last_error', 'text')
      .execute();
    // At most one unfinished run per kind and frequency: a second planner fails instead of
    // planning the same subscribers twice.
    await sql`create unique index send_runs_unfinished on send_runs (kind, frequency)
      where status in ('planned', 'sending', 'throttled', 'failed')`.execute(db);

    await db.schema
      .createTable('deliveries')
      .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('run_id', 'text', (c) => c.notNull().references('send_runs.id'))
      .addColumn('subscriber_id', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('article_ids', 'text', (c) => c.notNull())
      .addColumn('more_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_at', instant)
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sent_at', instant)
      .addColumn('last_error', 'text')
      .addUniqueConstraint('deliveries_run_subscriber', ['run_id', 'subscriber_id'])
      .execute();
    // Claims read only pending rows in id order: a partial index keeps that cheap as sent rows pile up.
    await sql`create index deliveries_pending on deliveries (run_id, id) where status = 'pending'`.execute(
      db,
    );
    await sql`create index deliveries_in_flight on deliveries (run_id, claimed_by) where status = 'sending'`.execute(
      db,
    );
    await db.schema
      .createIndex('deliveries_run_status')
      .on('deliveries')
      .columns(['run_id', 'status'])
      .execute();
    await db.schema
      .createIndex('deliveries_history')
      .on('deliveries')
      .columns(['subscriber_id', 'sent_at'])
      .execute();

    await db.schema
      .createTable('send_workers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('pid', 'integer', (c) => c.notNull())
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('started_at', instant, (c) => c.notNull())
      .addColumn('heartbeat_at', instant, (c) => c.notNull())
      .execute();
  },
};
