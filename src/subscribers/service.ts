import { randomUUID } from 'node:crypto';
import { buildNotice, type NoticeSite } from './notices.js';
import type { Tokens } from './tokens.js';
import {
  blankSubscriber,
  decideConfirm,
  type NoticeKind,
  planSubscribe,
  type SubscribeRequest,
} from './transitions.js';
import type {
  Consent,
  Mailer,
  Preferences,
  RenderTemplate,
  Subscriber,
  SubscriberRepository,
} from './types.js';

export interface SubscriptionDeps {
  repository: SubscriberRepository;
  tokens: Tokens;
  mailer: Mailer;
  render: RenderTemplate;
  site: NoticeSite;
  /** A second email to one address within this time is not sent (default one minute). */
  resendAfterMs?: number;
  newId?: () => string;
}

export type ConfirmResult =
  | { status: 'confirmed' | 'already-confirmed'; subscriber: Subscriber }
  | { status: 'invalid' | 'expired' | 'stale' };

export type ConfirmationSubject =
  | { status: 'pending' | 'already-confirmed'; subscriber: Subscriber }
  | { status: 'invalid' | 'expired' | 'stale' };

/** Only to ask `decideConfirm` what it would do; never stored. */
const NO_CONSENT: Consent = { source: 'web', ip: null, userAgent: null };

export type TokenSubject = { ok: true; subscriber: Subscriber } | { ok: false };

export type AddResult =
  | { status: 'added'; subscriber: Subscriber }
  | { status: 'exists'; subscriber: Subscriber };

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;

/** The mail server did not take a confirmation or preferences-link email; a retry may. */
export class NoticeNotSent extends Error {
  constructor(cause: unknown) {
    super(`subscribers: email not sent: ${cause instanceof Error ? cause.message : cause}`, {
      cause,
    });
    this.name = 'NoticeNotSent';
  }
}

/** The public flow (subscribe, confirm, preferences, unsubscribe) and the operator's commands. */
export function createSubscriptionService(deps: SubscriptionDeps) {
  const { repository, tokens } = deps;
  const resendAfterMs = deps.resendAfterMs ?? 60_000;
  const newId = deps.newId ?? randomUUID;

  async function notify(kind: NoticeKind, subscriber: Subscriber, now: Date): Promise<void> {
    const message = await buildNotice(kind, subscriber, deps.site, tokens, deps.render, now);
    try {
      await deps.mailer.send(message);
    } catch (error) {
      throw new NoticeNotSent(error);
    }
    // Only after the server took it: a failed send may be retried at once.
    await repository.update(subscriber.id, { noticeSentAt: now }, now);
  }

  /** Undefined for a bad token; null for a good one whose subscriber was erased. */
  async function subjectOf(token: string, purpose: 'unsubscribe' | 'preferences', now: Date) {
    const id = tokens.verify(token, purpose, now);
    return id === null ? undefined : await repository.findById(id);
  }

  async function unsubscribeById(subscriber: Subscriber, now: Date): Promise<Subscriber> {
    if (subscriber.status !== 'pending' && subscriber.status !== 'confirmed') return subscriber;
    const changes = { status: 'unsubscribed' as const, unsubscribedAt: now };
    await repository.update(subscriber.id, changes, now, { ifStatus: ['pending', 'confirmed'] });
    return { ...subscriber, ...changes };
  }

  return {
    /** Same outcome for the caller whatever the address's state: nothing to enumerate. */
    async subscribe(request: SubscribeRequest, now: Date): Promise<void> {
      let existing = await repository.findByEmail(request.email);
      let plan = planSubscribe(existing, request, newId(), now, resendAfterMs);
      if (plan.kind === 'create' && !(await repository.insert(plan.subscriber))) {
        // Another request inserted this address first: plan again against its row.
        existing = await repository.findByEmail(request.email);
        plan = planSubscribe(existing, request, newId(), now, resendAfterMs);
      }
      if (plan.kind === 'create') {
        await notify(plan.notice, plan.subscriber, now);
        return;
      }
      if (Object.keys(plan.changes).length > 0) {
        if (!(await repository.update(plan.id, plan.changes, now, { ifStatus: plan.ifStatus })))
          return;
      }
      const current = await repository.findById(plan.id);
      if (plan.notice && current) await notify(plan.notice, current, now);
    },

    /**
     * What pressing the confirmation button would do, without doing it: `GET /confirm` shows the
     * button, since mail scanners fetch every link of a message.
     */
    async confirmationSubject(token: string, now: Date): Promise<ConfirmationSubject> {
      const checked = tokens.check(token, 'confirm', now);
      if (!checked.ok) return { status: checked.reason };
      const subscriber = await repository.findById(checked.subscriberId);
      if (!subscriber) return { status: 'invalid' };
      const decision = decideConfirm(subscriber, checked.issuedAt, NO_CONSENT, now);
      if (decision.kind === 'stale') return { status: 'stale' };
      return {
        status: decision.kind === 'confirm' ? 'pending' : 'already-confirmed',
        subscriber,
      };
    },

    async confirm(token: string, consent: Consent, now: Date): Promise<ConfirmResult> {
      const checked = tokens.check(token, 'confirm', now);
      if (!checked.ok) return { status: checked.reason };
      const subscriber = await repository.findById(checked.subscriberId);
      if (!subscriber) return { status: 'invalid' };
      const decision = decideConfirm(subscriber, checked.issuedAt, consent, now);
      if (decision.kind === 'stale') return { status: 'stale' };
      if (decision.kind === 'already-confirmed') return { status: decision.kind, subscriber };
      await repository.update(subscriber.id, decision.changes, now, { ifStatus: ['pending'] });
      return { status: 'confirmed', subscriber: { ...subscriber, ...decision.changes } };
    },

    /** The subscriber an unsubscribe link names; not ok for a bad link or an erased subscriber. */
    async unsubscribeSubject(token: string, now: Date): Promise<TokenSubject> {
      const subscriber = await subjectOf(token, 'unsubscribe', now);
      return subscriber ? { ok: true, subscriber } : { ok: false };
    },

    /**
     * One-click unsubscribe: idempotent. 'unsubscribed' also for a valid link whose subscriber
     * was erased (nothing is sent to them either way); 'invalid' for a bad link.
     */
    async unsubscribe(token: string, now: Date): Promise<'unsubscribed' | 'invalid'> {
      const subscriber = await subjectOf(token, 'unsubscribe', now);
      if (subscriber === undefined) return 'invalid';
      if (subscriber) await unsubscribeById(subscriber, now);
      return 'unsubscribed';
    },

    async preferencesSubject(token: string, now: Date): Promise<TokenSubject> {
      const subscriber = await subjectOf(token, 'preferences', now);
      return subscriber ? { ok: true, subscriber } : { ok: false };
    },

    /** Saves choices, or unsubscribes; an unsubscribed or bounced subscriber stays so. */
    async updatePreferences(
      subscriber: Subscriber,
      change: { preferences: Preferences } | { unsubscribe: true },
      now: Date,
    ): Promise<Subscriber> {
      if ('unsubscribe' in change) return unsubscribeById(subscriber, now);
      if (subscriber.status !== 'pending' && subscriber.status !== 'confirmed') return subscriber;
      const changes = { ...change.preferences, preferencesUpdatedAt: now };
      await repository.update(subscriber.id, changes, now, { ifStatus: ['pending', 'confirmed'] });
      return { ...subscriber, ...changes };
    },

    /** `POST /manage`: a preferences link (or the confirmation again) to a known address. */
    async requestManageLink(email: string, now: Date): Promise<void> {
      const subscriber = await repository.findByEmail(email);
      if (!subscriber || (subscriber.status !== 'confirmed' && subscriber.status !== 'pending'))
        return;
      const sent = subscriber.noticeSentAt?.getTime();
      if (sent !== undefined && now.getTime() - sent < resendAfterMs) return;
      await notify(subscriber.status === 'confirmed' ? 'manage' : 'confirm', subscriber, now);
    },

    /**
     * The operator adds an address. `confirmed`: they hold the consent evidence; otherwise the
     * address gets a confirmation email like a web subscription.
     */
    async add(
      email: string,
      preferences: Preferences,
      options: { confirmed: boolean; source: 'cli' | 'import' },
      now: Date,
    ): Promise<AddResult> {
      const subscriber: Subscriber = {
        ...blankSubscriber(newId(), email, now),
        ...preferences,
        subscribedAt: now,
        subscribedSource: options.source,
        ...(options.confirmed ? { status: 'confirmed', confirmedAt: now } : {}),
      };
      if (!(await repository.insert(subscriber))) {
        const existing = await repository.findByEmail(email);
        if (existing) return { status: 'exists', subscriber: existing };
        throw new Error(`subscribers: could not add ${email}`);
      }
      if (!options.confirmed) await notify('confirm', subscriber, now);
      return { status: 'added', subscriber };
    },

    list: () => repository.list(),

    /** Right to erasure: the row, and every personal detail in it, is deleted. */
    async remove(email: string): Promise<boolean> {
      const subscriber = await repository.findByEmail(email);
      return subscriber ? repository.remove(subscriber.id) : false;
    },
  };
}
