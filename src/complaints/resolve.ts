import { parseFeedbackId } from './feedback-id.js';
import type { DeliveryLookup, DeliveryRef, References } from './types.js';

/** What an envelope sender says: a delivery id, a token that does not verify, or not ours. */
export type EnvelopeReading = { deliveryId: number } | 'forged' | 'other';

export type Resolved =
  | {
      kind: 'found';
      delivery: DeliveryRef;
      via: 'envelope' | 'message-id' | 'feedback-id' | 'recipient';
    }
  /** Our address with a token that does not verify: made up, or signed under another secret. */
  | { kind: 'forged'; address: string }
  | { kind: 'unknown' };

export interface ResolveOptions {
  readEnvelope: (address: string) => EnvelopeReading;
  lookup: DeliveryLookup;
  /**
   * For relays whose events name only the address (no header of ours comes back): the latest
   * delivery to it since this instant. Unset: such an event names no message.
   */
  recipientSince?: Date;
}

/**
 * The delivery a report or an event is about, by the strongest reference it carries: the signed
 * envelope sender, then our Message-ID, then our Feedback-ID with the recipient. A reference that
 * names a delivery to another address than the event's recipient names nothing.
 */
export async function resolveDelivery(
  refs: References,
  options: ResolveOptions,
): Promise<Resolved> {
  const recipient = refs.recipient?.trim().toLowerCase();
  const matches = (d: DeliveryRef | undefined): d is DeliveryRef =>
    d !== undefined && (!recipient || d.email.toLowerCase() === recipient);
  if (refs.envelopeFrom) {
    const reading = options.readEnvelope(refs.envelopeFrom);
    if (reading === 'forged') return { kind: 'forged', address: refs.envelopeFrom };
    if (reading !== 'other') {
      const delivery = await options.lookup.byId(reading.deliveryId);
      if (matches(delivery)) return { kind: 'found', delivery, via: 'envelope' };
    }
  }
  const messageId = refs.messageId?.trim().replace(/^<|>$/g, '');
  if (messageId) {
    const delivery = await options.lookup.byMessageId(messageId);
    if (matches(delivery)) return { kind: 'found', delivery, via: 'message-id' };
  }
  const run = refs.feedbackId ? parseFeedbackId(refs.feedbackId)?.run : undefined;
  if (run && recipient) {
    const delivery = await options.lookup.inRun(run, recipient);
    if (delivery) return { kind: 'found', delivery, via: 'feedback-id' };
  }
  if (recipient && options.recipientSince) {
    const delivery = await options.lookup.latestTo(recipient, options.recipientSince);
    if (delivery) return { kind: 'found', delivery, via: 'recipient' };
  }
  return { kind: 'unknown' };
}
