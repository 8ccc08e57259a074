import type { GuardStore } from '../complaints/index.js';
import type { Db } from './database.js';

/** Complaint and hard-bounce totals, and the guard's hold, on either database. */
export function createGuardStore(db: Db): GuardStore {
  const { kysely } = db;
  const count = (rows: { n: number | string } | undefined) => Number(rows?.n ?? 0);
  return {
    async runTotals(runId) {
      const c = await kysely
        .selectFrom('deliveries')
        .select((eb) => [
          eb.fn.sum<number>(eb.case().when('status', '=', 'sent').then(1).else(0).end()).as('sent'),
          eb.fn
            .sum<number>(
              eb
                .case()
                .when(eb.or([eb('status', '=', 'bounced'), eb('bounced_at', 'is not', null)]))
                .then(1)
                .else(0)
                .end(),
            )
            .as('hard'),
        ])
        .where('run_id', '=', runId)
        .executeTakeFirst();
      const complaints = await kysely
        .selectFrom('complaints')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('run_id', '=', runId)
        .executeTakeFirst();
      return {
        delivered: Number(c?.sent ?? 0),
        hardBounces: Number(c?.hard ?? 0),
        complaints: count(complaints),
      };
    },
    async totalsSince(since) {
      const from = since.getTime();
      const [delivered, complaints, hard] = await Promise.all([
        kysely
          .selectFrom('deliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'sent')
          .where('sent_at', '>=', from)
          .executeTakeFirst(),
        kysely
          .selectFrom('complaints')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('received_at', '>=', from)
          .executeTakeFirst(),
        // Refused at send time or reported later, each address once: its `bounced_at`.
        kysely
          .selectFrom('subscribers')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('bounced_at', '>=', from)
          .executeTakeFirst(),
      ]);
      return {
        delivered: count(delivered),
        complaints: count(complaints),
        hardBounces: count(hard),
      };
    },
    async holdRun(runId, reason, now) {
      const result = await kysely
        .updateTable('send_runs')
        .set((eb) => ({
          paused_at: eb.fn.coalesce('paused_at', eb.val(now.getTime())),
          pause_reason: reason,
          guard_tripped_at: now.getTime(),
        }))
        .where('id', '=', runId)
        .where('guard_tripped_at', 'is', null)
        .where('status', 'in', ['planned', 'sending', 'throttled', 'done'])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async runsWithComplaints(since) {
      const rows = await kysely
        .selectFrom('complaints')
        .innerJoin('send_runs', 'send_runs.id', 'complaints.run_id')
        .select('complaints.run_id')
        .distinct()
        .where('complaints.received_at', '>=', since.getTime())
        .where('send_runs.guard_tripped_at', 'is', null)
        .execute();
      return rows.map((r) => r.run_id);
    },
  };
}
