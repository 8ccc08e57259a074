import type { Selectable } from 'kysely';
import type { ScheduleKind, SlotKey, SlotRecord, SlotStore } from '../schedule/index.js';
import type { Db } from './database.js';
import type { ScheduleSlotsTable } from './schema.js';

/**
 * The scheduler's store. The primary key (kind, slot_at) is the lock: of several workers
 * inserting the same slot, exactly one insert succeeds, on SQLite and PostgreSQL alike, and the
 * row outlives every process, so a restarted worker sees the slot as taken.
 */
export function createSlotStore(db: Db): SlotStore {
  const { kysely } = db;
  const keyed = (slot: SlotKey) =>
    kysely
      .updateTable('schedule_slots')
      .where('kind', '=', slot.kind)
      .where('slot_at', '=', slot.at.getTime());
  return {
    async claimSlot(slot, zones, worker, now) {
      const result = await kysely
        .insertInto('schedule_slots')
        .values({
          kind: slot.kind,
          slot_at: slot.at.getTime(),
          zones: JSON.stringify(zones),
          run_id: null,
          claimed_by: worker,
          claimed_at: now.getTime(),
          created_at: now.getTime(),
        })
        .onConflict((oc) => oc.columns(['kind', 'slot_at']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async takeOverSlot(slot, worker, now, staleBefore) {
      const result = await keyed(slot)
        .set({ claimed_by: worker, claimed_at: now.getTime() })
        .where('run_id', 'is', null)
        .where('claimed_at', '<', staleBefore.getTime())
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async renewSlot(slot, worker, now) {
      await keyed(slot)
        .set({ claimed_at: now.getTime() })
        .where('claimed_by', '=', worker)
        .execute();
    },
    async setSlotRun(slot, worker, runId) {
      await keyed(slot).set({ run_id: runId }).where('claimed_by', '=', worker).execute();
    },
    async releaseSlot(slot, worker) {
      await kysely
        .deleteFrom('schedule_slots')
        .where('kind', '=', slot.kind)
        .where('slot_at', '=', slot.at.getTime())
        .where('claimed_by', '=', worker)
        .where('run_id', 'is', null)
        .execute();
    },
    async getSlot(slot) {
      const row = await kysely
        .selectFrom('schedule_slots')
        .selectAll()
        .where('kind', '=', slot.kind)
        .where('slot_at', '=', slot.at.getTime())
        .executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async subscriberZones(frequency) {
      const rows = await kysely
        .selectFrom('subscribers')
        .select('timezone')
        .distinct()
        .where('status', '=', 'confirmed')
        .where('frequency', '=', frequency)
        .where('timezone', 'is not', null)
        .execute();
      return rows.map((row) => row.timezone).filter((zone): zone is string => Boolean(zone));
    },
  };
}

function toRecord(row: Selectable<ScheduleSlotsTable>): SlotRecord {
  return {
    kind: row.kind as ScheduleKind,
    at: new Date(Number(row.slot_at)),
    zones: JSON.parse(row.zones) as string[],
    runId: row.run_id,
    claimedBy: row.claimed_by,
    claimedAt: new Date(Number(row.claimed_at)),
  };
}
