import type {
  Consent,
  Preferences,
  Subscriber,
  SubscriberChanges,
  SubscriberStatus,
} from './types.js';

/** Which email a request earns: a confirmation link, or (already confirmed) a preferences link. */
export type NoticeKind = 'confirm' | 'manage';

export type SubscribePlan =
  | { kind: 'create'; subscriber: Subscriber; notice: NoticeKind }
  | {
      kind: 'update';
      id: string;
      changes: SubscriberChanges;
      ifStatus: SubscriberStatus[];
      notice: NoticeKind | null;
    };

export interface SubscribeRequest {
  email: string;
  preferences: Preferences;
  consent: Consent;
}

/**
 * What a request to subscribe does, given the row for that address (if any). Pure: the caller
 * applies it. A confirmed subscriber is never set back to pending, and their choices are not
 * changed by someone who only knows their address; an unsubscribed or bounced address must
 * confirm again. A complained address gets nothing, not even a confirmation: its reader told
 * their provider our mail is spam. Repeated requests within `resendAfterMs` send no second email.
 */
export function planSubscribe(
  existing: Subscriber | null,
  request: SubscribeRequest,
  newId: string,
  now: Date,
  resendAfterMs: number,
): SubscribePlan {
  const evidence = {
    subscribedAt: now,
    subscribedIp: request.consent.ip,
    subscribedUserAgent: request.consent.userAgent,
    subscribedSource: request.consent.source,
  };
  if (!existing) {
    const subscriber: Subscriber = {
      ...blankSubscriber(newId, request.email, now),
      ...request.preferences,
      ...evidence,
    };
    return { kind: 'create', subscriber, notice: 'confirm' };
  }
  const throttled =
    existing.noticeSentAt !== null &&
    now.getTime() - existing.noticeSentAt.getTime() < resendAfterMs;
  if (existing.status === 'confirmed') {
    return {
      kind: 'update',
      id: existing.id,
      changes: {},
      ifStatus: ['confirmed'],
      notice: throttled ? null : 'manage',
    };
  }
  if (existing.status === 'complained') {
    return { kind: 'update', id: existing.id, changes: {}, ifStatus: ['complained'], notice: null };
  }
  // Pending, unsubscribed or bounced: (again) awaiting confirmation of these choices.
  return {
    kind: 'update',
    id: existing.id,
    changes: { ...request.preferences, ...evidence, status: 'pending' },
    ifStatus: [existing.status],
    notice: throttled && existing.status === 'pending' ? null : 'confirm',
  };
}

export type ConfirmDecision =
  | { kind: 'confirm'; changes: SubscriberChanges }
  | { kind: 'already-confirmed' }
  /** The link predates an unsubscribe or bounce: consent must be given again. */
  | { kind: 'stale' };

/** Whether a (valid, unexpired) confirmation link issued at `issuedAt` confirms `subscriber`. */
export function decideConfirm(
  subscriber: Subscriber,
  issuedAt: Date,
  consent: Consent,
  now: Date,
): ConfirmDecision {
  if (subscriber.status === 'confirmed') return { kind: 'already-confirmed' };
  const revokedAt = Math.max(
    subscriber.unsubscribedAt?.getTime() ?? 0,
    subscriber.bouncedAt?.getTime() ?? 0,
  );
  if (subscriber.status !== 'pending' || issuedAt.getTime() < revokedAt) return { kind: 'stale' };
  return {
    kind: 'confirm',
    changes: {
      status: 'confirmed',
      confirmedAt: now,
      confirmedIp: consent.ip,
      confirmedUserAgent: consent.userAgent,
    },
  };
}

/** A new subscriber with nothing chosen yet: every category, daily, pending. */
export function blankSubscriber(id: string, email: string, now: Date): Subscriber {
  return {
    id,
    email,
    name: null,
    categories: [],
    frequency: 'daily',
    status: 'pending',
    timezone: null,
    createdAt: now,
    updatedAt: now,
    subscribedAt: null,
    subscribedIp: null,
    subscribedUserAgent: null,
    subscribedSource: null,
    confirmedAt: null,
    confirmedIp: null,
    confirmedUserAgent: null,
    unsubscribedAt: null,
    bouncedAt: null,
    bounceReason: null,
    complainedAt: null,
    complaintSource: null,
    preferencesUpdatedAt: null,
    noticeSentAt: null,
  };
}
