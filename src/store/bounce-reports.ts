import type { Kysely } from 'kysely';
import type { BounceReport, BounceStore } from '../bounces/index.js';
import { createComplaintStore, createDeliveryLookup } from './complaints.js';
import type { Db } from './database.js';
import type { Database } from './schema.js';
import { createSubscriberRepository } from './subscribers.js';

/** Bounce and abuse reports and mailto unsubscribes, on either database. */
export function createBounceStore(db: Db): BounceStore {
  const { kysely } = db;
  const subscribers = createSubscriberRepository(db);
  return {
    deliveries: createDeliveryLookup(db),
    ...createComplaintStore(db),
    async findDelivery(id) {
      const row = await kysely
        .selectFrom('deliveries')
        .select(['id', 'subscriber_id', 'email'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row
        ? { id: Number(row.id), subscriberId: row.subscriber_id, email: row.email }
        : undefined;
    },

    recordBounce: (report, now) =>
      kysely.transaction().execute((trx) => writeBounce(trx, report, now)),

    async unsubscribe(subscriberId, now) {
      // The same guarded change as an unsubscribe on the web: a bounced address stays bounced.
      const changed = await subscribers.update(
        subscriberId,
        { status: 'unsubscribed', unsubscribedAt: now },
        now,
        { ifStatus: ['pending', 'confirmed'] },
      );
      if (changed) return { found: true, changed: true };
      return { found: (await subscribers.findById(subscriberId)) !== null, changed: false };
    },
  };
}

/**
 * Keeps a report in `trx`; a permanent one also marks the delivery bounced and suppresses its
 * subscriber (only one still receiving mail).
 */
export async function writeBounce(
  trx: Kysely<Database>,
  report: BounceReport,
  now: Date,
): Promise<{ suppressed: boolean }> {
  const at = now.getTime();
  await trx
    .insertInto('bounce_reports')
    .values({
      delivery_id: report.deliveryId,
      subscriber_id: report.subscriberId,
      recipient: report.recipient.slice(0, 320),
      action: report.action.slice(0, 40),
      status: report.status,
      diagnostic: report.diagnostic,
      permanent: report.permanent ? 1 : 0,
      source: report.source,
      received_at: at,
    })
    .execute();
  if (!report.permanent) return { suppressed: false };
  const reason = [report.status, report.diagnostic].filter(Boolean).join(' ').slice(0, 500);
  await trx
    .updateTable('deliveries')
    .set({ bounced_at: at, bounce_reason: reason })
    .where('id', '=', report.deliveryId)
    .where('bounced_at', 'is', null)
    .execute();
  // Only an address still receiving mail is suppressed: an unsubscribe stays one.
  const changed = await trx
    .updateTable('subscribers')
    .set({ status: 'bounced', bounced_at: at, bounce_reason: reason, updated_at: at })
    .where('id', '=', report.subscriberId)
    .where('status', 'in', ['pending', 'confirmed'])
    .executeTakeFirst();
  return { suppressed: Number(changed.numUpdatedRows) > 0 };
}
