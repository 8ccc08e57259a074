import type { Kysely } from 'kysely';
import type { HookEvent, HookStore, MatchedEvent } from '../hooks/index.js';
import { recordAudit } from './audit-log.js';
import { writeBounce } from './bounce-reports.js';
import { createDeliveryLookup, writeComplaint } from './complaints.js';
import type { Db } from './database.js';
import type { Database } from './schema.js';

/** Relays' signed events, applied once each, on either database. */
export function createHookStore(db: Db): HookStore {
  return {
    deliveries: createDeliveryLookup(db),
    apply: (provider, events, now) =>
      db.kysely.transaction().execute(async (trx) => {
        const scoped = { ...db, kysely: trx };
        const out = { applied: 0, duplicates: 0, complainedRuns: [] as string[] };
        for (const matched of events) {
          const inserted = await trx
            .insertInto('hook_events')
            .values({
              provider,
              event_id: matched.event.id.slice(0, 300),
              kind: matched.event.kind,
              delivery_id: matched.delivery.id,
              received_at: now.getTime(),
            })
            .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
            .executeTakeFirst();
          if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
            out.duplicates++;
            await audit(scoped, provider, matched, 'hook.duplicate', { duplicate: true }, now);
            continue;
          }
          out.applied++;
          const { event, delivery } = matched;
          if (event.kind === 'complaint') {
            const source = provider;
            const complaint = {
              delivery,
              source,
              feedbackType: event.detail,
              reporter: event.reporter,
            };
            if (await writeComplaint(scoped, trx, complaint, now))
              out.complainedRuns.push(delivery.runId);
          } else if (event.kind === 'bounce') {
            const { suppressed } = await writeBounce(
              trx,
              {
                deliveryId: delivery.id,
                subscriberId: delivery.subscriberId,
                recipient: event.refs.recipient,
                action: event.permanent ? 'failed' : 'delayed',
                status: /\d\.\d{1,3}\.\d{1,3}/.exec(event.detail)?.[0] ?? '',
                diagnostic: event.detail.slice(0, 500),
                permanent: event.permanent,
                source: provider,
              },
              now,
            );
            const action = event.permanent ? 'subscriber.bounced' : 'bounce.transient';
            await audit(scoped, provider, matched, action, { suppressed }, now);
          } else {
            const changed = await unsubscribe(trx, delivery.subscriberId, now);
            await audit(scoped, provider, matched, 'subscriber.unsubscribed', { changed }, now);
          }
        }
        return { ...out, complainedRuns: [...new Set(out.complainedRuns)] };
      }),
    async refused(provider, reason, events, now) {
      await recordAudit(db, {
        at: now,
        actor: provider,
        action: 'hook.refused',
        target: null,
        status: 422,
        detail: { reason, events: events.map((e) => ({ id: e.id, kind: e.kind })) },
        ip: null,
        userAgent: null,
      });
    },
  };
}

async function unsubscribe(trx: Kysely<Database>, subscriberId: string, now: Date) {
  // The same guarded change as an unsubscribe on the web: a bounced address stays bounced.
  const result = await trx
    .updateTable('subscribers')
    .set({ status: 'unsubscribed', unsubscribed_at: now.getTime(), updated_at: now.getTime() })
    .where('id', '=', subscriberId)
    .where('status', 'in', ['pending', 'confirmed'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

function audit(
  db: Db,
  provider: string,
  { event, delivery }: MatchedEvent & { event: HookEvent },
  action: string,
  extra: Record<string, unknown>,
  now: Date,
) {
  return recordAudit(db, {
    at: now,
    actor: provider,
    action,
    target: delivery.subscriberId,
    status: 200,
    detail: {
      eventId: event.id,
      deliveryId: delivery.id,
      runId: delivery.runId,
      detail: event.detail,
      ...extra,
    },
    ip: null,
    userAgent: null,
  });
}
