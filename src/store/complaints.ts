import { type Kysely, sql } from 'kysely';
import type { ComplaintStore, DeliveryLookup } from '../complaints/index.js';
import { normaliseEmail } from '../subscribers/index.js';
import { recordAudit } from './audit-log.js';
import type { Db } from './database.js';
import type { Database } from './schema.js';

const refColumns = ['id', 'run_id', 'subscriber_id', 'email'] as const;
const toRef = (row: { id: number; run_id: string; subscriber_id: string; email: string }) => ({
  id: Number(row.id),
  runId: row.run_id,
  subscriberId: row.subscriber_id,
  email: row.email,
});

/** Deliveries the relay accepted, found by what a report or a relay's event names. */
export function createDeliveryLookup(db: Db): DeliveryLookup {
  const sent = () =>
    db.kysely
      .selectFrom('deliveries')
      .select([...refColumns])
      .where('status', '=', 'sent');
  return {
    async byId(id) {
      const row = await sent().where('id', '=', id).executeTakeFirst();
      return row && toRef(row);
    },
    async byMessageId(messageId) {
      // `runId.subscriber@domain`: the run id narrows the search to one run's rows.
      const runId = messageId.slice(0, messageId.indexOf('.'));
      if (!runId) return undefined;
      const row = await sent()
        .where('run_id', '=', runId)
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return row && toRef(row);
    },
    async inRun(runId, email) {
      const row = await sent()
        .where('run_id', '=', runId)
        .where(sql`lower(email)`, '=', email.trim().toLowerCase())
        .executeTakeFirst();
      return row && toRef(row);
    },
    async ofSubscriber(runId, subscriberId) {
      const row = await sent()
        .where('run_id', '=', runId)
        .where('subscriber_id', '=', subscriberId)
        .executeTakeFirst();
      return row && toRef(row);
    },
    async latestTo(email, since) {
      const subscriber = await subscriberIdOf(db.kysely, email);
      if (!subscriber) return undefined;
      const row = await sent()
        .where('subscriber_id', '=', subscriber)
        .where('sent_at', '>=', since.getTime())
        .orderBy('sent_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toRef(row);
    },
  };
}

/** The subscriber with this address: as stored (normalised), else in any case. */
async function subscriberIdOf(kysely: Kysely<Database>, email: string) {
  const exact = await kysely
    .selectFrom('subscribers')
    .select('id')
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  if (exact) return exact.id;
  const folded = await kysely
    .selectFrom('subscribers')
    .select('id')
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return folded?.id;
}

/** Writes one complaint with its subscriber change and audit entry, in `trx`. */
export async function writeComplaint(
  db: Db,
  trx: Kysely<Database>,
  complaint: Parameters<ComplaintStore['recordComplaint']>[0],
  now: Date,
): Promise<boolean> {
  const { delivery } = complaint;
  const at = now.getTime();
  const inserted = await trx
    .insertInto('complaints')
    .values({
      delivery_id: delivery.id,
      run_id: delivery.runId,
      subscriber_id: delivery.subscriberId,
      source: complaint.source,
      feedback_type: complaint.feedbackType.slice(0, 40),
      reporter: complaint.reporter?.slice(0, 200) ?? null,
      received_at: at,
    })
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  // From any state: a reader who reported spam is never mailed again, even after unsubscribing.
  const changed = await trx
    .updateTable('subscribers')
    .set({
      status: 'complained',
      complained_at: at,
      complaint_source: complaint.source,
      updated_at: at,
    })
    .where('id', '=', delivery.subscriberId)
    .where('status', '!=', 'complained')
    .executeTakeFirst();
  await recordAudit(
    { ...db, kysely: trx },
    {
      at: now,
      actor: complaint.source,
      action: 'subscriber.complained',
      target: delivery.subscriberId,
      status: 200,
      detail: {
        deliveryId: delivery.id,
        runId: delivery.runId,
        feedbackType: complaint.feedbackType,
        reporter: complaint.reporter,
        changed: Number(changed.numUpdatedRows) > 0,
      },
      ip: null,
      userAgent: null,
    },
  );
  return true;
}

export function createComplaintStore(db: Db): ComplaintStore {
  return {
    recordComplaint: (complaint, now) =>
      db.kysely
        .transaction()
        .execute(async (trx) => ({ recorded: await writeComplaint(db, trx, complaint, now) })),
  };
}
