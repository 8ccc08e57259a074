import { type DeliveryRef, type EnvelopeReading, parseFeedbackId } from '../complaints/index.js';
import type { AddressTokens } from './address-tokens.js';
import { addressesIn, type FeedbackReport, isComplaint } from './arf.js';
import type { BounceStore, InboundOutcome, InboundSource } from './inbound.js';

export interface FeedbackDeps {
  tokens: AddressTokens;
  store: BounceStore;
  source: InboundSource;
  /** After a new complaint: the complaint-rate guard looks at its run. */
  onComplaint?: (runId: string) => Promise<void>;
}

/**
 * Acts on an abuse report. Only a report that names a delivery through a token that verifies is
 * believed: the report arrived at that delivery's `bounces+TOKEN@` address, or (sent to
 * `feedback@`) the reported message carries one, as its envelope sender or its mailto
 * unsubscribe, with its Message-ID or Feedback-ID naming the delivery. Anything else is refused
 * like a forged bounce report; nothing changes.
 */
export async function handleFeedback(
  report: FeedbackReport,
  envelopeDelivery: number | undefined,
  deps: FeedbackDeps,
  now: Date,
): Promise<InboundOutcome> {
  const found =
    envelopeDelivery !== undefined
      ? await deliveryById(deps, envelopeDelivery)
      : await deliveryInReport(report, deps);
  if (found.kind !== 'found') return found.outcome;
  const { delivery } = found;
  if (!isComplaint(report)) {
    return { kind: 'not-a-complaint', deliveryId: delivery.id, feedbackType: report.feedbackType };
  }
  const source = deps.source === 'smtp' ? 'arf-smtp' : 'arf-file';
  const { recorded } = await deps.store.recordComplaint(
    { delivery, source, feedbackType: report.feedbackType, reporter: report.userAgent },
    now,
  );
  if (recorded) await deps.onComplaint?.(delivery.runId);
  return { kind: 'complained', delivery, feedbackType: report.feedbackType, recorded };
}

type Found = { kind: 'found'; delivery: DeliveryRef } | { kind: 'none'; outcome: InboundOutcome };

async function deliveryById(deps: FeedbackDeps, id: number): Promise<Found> {
  const delivery = await deps.store.deliveries.byId(id);
  return delivery
    ? { kind: 'found', delivery }
    : { kind: 'none', outcome: { kind: 'unknown-delivery', deliveryId: id } };
}

async function deliveryInReport(report: FeedbackReport, deps: FeedbackDeps): Promise<Found> {
  const { tokens } = deps;
  const headers = report.original;
  const envelopes = [report.originalMailFrom, ...addressesIn(headers.get('return-path'))];
  for (const address of envelopes) {
    if (!address) continue;
    const reading = readEnvelope(tokens, address);
    if (reading === 'forged') return { kind: 'none', outcome: { kind: 'forged', address } };
    if (reading !== 'other') return deliveryById(deps, reading.deliveryId);
  }
  for (const address of addressesIn(headers.get('list-unsubscribe'))) {
    const named = tokens.read(address);
    if (named.kind === 'forged') return { kind: 'none', outcome: named };
    if (named.kind !== 'unsubscribe') continue;
    // The token names the reader; the Message-ID or Feedback-ID says which of their digests.
    const lookup = deps.store.deliveries;
    const messageId = headers.get('message-id')?.replace(/^<|>$/g, '').trim();
    const byMessage = messageId ? await lookup.byMessageId(messageId) : undefined;
    const run = parseFeedbackId(headers.get('feedback-id') ?? '')?.run;
    const byRun =
      run && !byMessage ? await lookup.ofSubscriber(run, named.subscriberId) : undefined;
    const delivery = byMessage ?? byRun;
    if (delivery && delivery.subscriberId === named.subscriberId)
      return { kind: 'found', delivery };
    return {
      kind: 'none',
      outcome: { kind: 'unknown-subscriber', subscriberId: named.subscriberId },
    };
  }
  return { kind: 'none', outcome: { kind: 'unverified' } };
}

/** What an envelope sender names, for `resolveDelivery`. */
export function readEnvelope(tokens: AddressTokens, address: string): EnvelopeReading {
  const named = tokens.read(address);
  if (named.kind === 'bounces') return { deliveryId: named.deliveryId };
  return named.kind === 'forged' ? 'forged' : 'other';
}
