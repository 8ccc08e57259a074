import type { ComplaintStore, DeliveryLookup, DeliveryRef } from '../complaints/index.js';
import type { AddressTokens } from './address-tokens.js';
import { parseFeedbackReport } from './arf.js';
import { parseDeliveryReport, type RecipientStatus, splitMessage } from './dsn.js';
import { handleFeedback } from './feedback.js';

/** What handling inbound mail needs from the database; `store/` implements it. */
export interface BounceStore extends ComplaintStore {
  /** Sent deliveries, for abuse reports that name one by its Message-ID or Feedback-ID. */
  deliveries: DeliveryLookup;
  findDelivery(
    id: number,
  ): Promise<{ id: number; subscriberId: string; email: string } | undefined>;
  /**
   * Keeps the report. A permanent one also marks the delivery bounced and suppresses its
   * subscriber (only a pending or confirmed one), in one transaction; `suppressed` says whether
   * the subscriber changed.
   */
  recordBounce(report: BounceReport, now: Date): Promise<{ suppressed: boolean }>;
  /** Unsubscribes a pending or confirmed subscriber; `found: false` when there is no such row. */
  unsubscribe(subscriberId: string, now: Date): Promise<{ found: boolean; changed: boolean }>;
}

export type InboundSource = 'smtp' | 'file';

export interface BounceReport {
  deliveryId: number;
  subscriberId: string;
  /** The failed address as the report gives it. */
  recipient: string;
  action: string;
  status: string;
  diagnostic: string;
  permanent: boolean;
  /** `smtp` or `file`, or the relay whose webhook reported it (`ses`, `sendgrid`, ...). */
  source: string;
}

export type InboundOutcome =
  | { kind: 'bounced'; report: BounceReport; suppressed: boolean }
  | { kind: 'transient'; report: BounceReport }
  /** Mail to a bounce address that reports no failure (no RFC 3464 report, or only success). */
  | { kind: 'no-failure'; deliveryId: number }
  | { kind: 'unknown-delivery'; deliveryId: number }
  | { kind: 'unsubscribed'; subscriberId: string; changed: boolean }
  | { kind: 'unknown-subscriber'; subscriberId: string }
  /** An abuse report (ARF) about a delivery; `recorded: false` when it was already in. */
  | { kind: 'complained'; delivery: DeliveryRef; feedbackType: string; recorded: boolean }
  /** An ARF report of another type (`not-spam`, `auth-failure`, ...): nothing changes. */
  | { kind: 'not-a-complaint'; deliveryId: number; feedbackType: string }
  /** Mail to `feedback@` that is no abuse report. */
  | { kind: 'not-a-report' }
  /** An abuse report with no token of ours that verifies: nothing in it is believed. */
  | { kind: 'unverified' }
  | { kind: 'forged'; address: string }
  | { kind: 'other'; address: string };

export interface InboundDeps {
  tokens: AddressTokens;
  store: BounceStore;
  source: InboundSource;
  /** After a new complaint: the complaint-rate guard looks at its run. */
  onComplaint?: (runId: string) => Promise<void>;
}

/**
 * Acts on one inbound message for each of its recipients: a bounce address with a delivery
 * status report records it (a permanent failure bounces the delivery and its subscriber), and
 * with an abuse report (ARF) marks its subscriber complained; `feedback@` takes abuse reports
 * whose reported message carries a token; an unsubscribe address unsubscribes its subscriber.
 * A token that does not verify changes nothing.
 */
export async function handleInbound(
  raw: string,
  recipients: readonly string[],
  deps: InboundDeps,
  now: Date,
): Promise<InboundOutcome[]> {
  const outcomes: InboundOutcome[] = [];
  const seen = new Set<string>();
  for (const recipient of recipients) {
    const named = deps.tokens.read(recipient);
    const key = JSON.stringify(named);
    if (seen.has(key)) continue;
    seen.add(key);
    if (named.kind === 'forged' || named.kind === 'other') outcomes.push(named);
    else if (named.kind === 'feedback') {
      const report = parseFeedbackReport(raw);
      outcomes.push(
        report ? await handleFeedback(report, undefined, deps, now) : { kind: 'not-a-report' },
      );
    } else if (named.kind === 'unsubscribe') {
      const result = await deps.store.unsubscribe(named.subscriberId, now);
      outcomes.push(
        result.found
          ? { kind: 'unsubscribed', subscriberId: named.subscriberId, changed: result.changed }
          : { kind: 'unknown-subscriber', subscriberId: named.subscriberId },
      );
    } else {
      const report = parseFeedbackReport(raw);
      outcomes.push(
        report
          ? await handleFeedback(report, named.deliveryId, deps, now)
          : await bounce(raw, named.deliveryId, deps, now),
      );
    }
  }
  return outcomes;
}

async function bounce(
  raw: string,
  deliveryId: number,
  deps: InboundDeps,
  now: Date,
): Promise<InboundOutcome> {
  const delivery = await deps.store.findDelivery(deliveryId);
  if (!delivery) return { kind: 'unknown-delivery', deliveryId };
  const failure = worstFailure(parseDeliveryReport(raw)?.recipients ?? []);
  if (!failure) return { kind: 'no-failure', deliveryId };
  const report: BounceReport = {
    deliveryId,
    subscriberId: delivery.subscriberId,
    recipient: failure.recipient || delivery.email,
    action: failure.action,
    status: failure.status,
    diagnostic: failure.diagnostic.slice(0, 500),
    permanent: failure.permanent,
    source: deps.source,
  };
  const { suppressed } = await deps.store.recordBounce(report, now);
  return report.permanent ? { kind: 'bounced', report, suppressed } : { kind: 'transient', report };
}

/**
 * A delivery has one recipient, but a report may list more (an alias expanded on the way): a
 * permanent failure wins over a transient one; success and relaying report nothing to act on.
 */
function worstFailure(statuses: readonly RecipientStatus[]): RecipientStatus | undefined {
  const failures = statuses.filter((s) => s.action === 'failed' || s.action === 'delayed');
  return failures.find((s) => s.permanent) ?? failures[0];
}

const ADDRESS_HEADERS = [
  'delivered-to',
  'x-original-to',
  'envelope-to',
  'x-envelope-to',
  'to',
  'cc',
];

/**
 * A message saved from a mailbox has lost its envelope: the recipients are taken from the
 * headers a delivering server adds (`Delivered-To`, `X-Original-To`, ...) and from `To`/`Cc`.
 */
export function recipientsInHeaders(raw: string): string[] {
  const { headers } = splitMessage(raw);
  const found: string[] = [];
  for (const name of ADDRESS_HEADERS) {
    for (const match of (headers.get(name) ?? '').matchAll(/[^\s<>,;:"()]+@[^\s<>,;:"()]+/g)) {
      if (!found.includes(match[0])) found.push(match[0]);
    }
  }
  return found;
}
