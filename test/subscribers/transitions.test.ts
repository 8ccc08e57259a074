import { describe, expect, it } from 'vitest';
import type { Subscriber, SubscriberStatus } from '../../src/subscribers/index.js';
import {
  blankSubscriber,
  decideConfirm,
  planSubscribe,
} from '../../src/subscribers/transitions.js';

const t0 = new Date('2024-06-21T08:00:00Z');
const t1 = new Date('2024-06-21T08:00:30Z');
const t2 = new Date('2024-06-21T09:00:00Z');
const request = {
  email: 'a@example.org',
  preferences: { categories: ['biz-updates'], frequency: 'weekly' as const },
  consent: { source: 'web' as const, ip: '192.0.2.1', userAgent: 'ua' },
};
const web = request.consent;

function existing(status: SubscriberStatus, changes: Partial<Subscriber> = {}): Subscriber {
  return { ...blankSubscriber('s1', 'a@example.org', t0), status, noticeSentAt: t0, ...changes };
}

describe('subscribe plan', () => {
  it('creates a pending subscriber with the consent evidence', () => {
    const plan = planSubscribe(null, request, 'new-id', t0, 60_000);
    expect(plan).toMatchObject({
      kind: 'create',
      notice: 'confirm',
      subscriber: {
        id: 'new-id',
        status: 'pending',
        categories: ['biz-updates'],
        subscribedAt: t0,
        subscribedIp: '192.0.2.1',
        subscribedSource: 'web',
      },
    });
  });

  it('never moves a confirmed subscriber, nor changes their choices', () => {
    const plan = planSubscribe(existing('confirmed'), request, 'x', t2, 60_000);
    expect(plan).toEqual({
      kind: 'update',
      id: 's1',
      changes: {},
      ifStatus: ['confirmed'],
      notice: 'manage',
    });
  });

  it('sends a complained address nothing, and changes nothing, whoever asks', () => {
    const plan = planSubscribe(existing('complained'), request, 'x', t2, 60_000);
    expect(plan).toEqual({
      kind: 'update',
      id: 's1',
      changes: {},
      ifStatus: ['complained'],
      notice: null,
    });
  });

  it('asks an unsubscribed or bounced address to confirm again', () => {
    for (const status of ['unsubscribed', 'bounced'] as const) {
      const plan = planSubscribe(existing(status), request, 'x', t1, 60_000);
      expect(plan).toMatchObject({
        changes: { status: 'pending' },
        ifStatus: [status],
        notice: 'confirm',
      });
    }
  });

  it('sends no second email to one address within the resend interval', () => {
    expect(planSubscribe(existing('pending'), request, 'x', t1, 60_000).notice).toBeNull();
    expect(planSubscribe(existing('confirmed'), request, 'x', t1, 60_000).notice).toBeNull();
    expect(planSubscribe(existing('pending'), request, 'x', t2, 60_000).notice).toBe('confirm');
  });
});

describe('confirm decision', () => {
  it('confirms a pending subscriber, recording where from', () => {
    expect(decideConfirm(existing('pending'), t0, web, t1)).toEqual({
      kind: 'confirm',
      changes: {
        status: 'confirmed',
        confirmedAt: t1,
        confirmedIp: '192.0.2.1',
        confirmedUserAgent: 'ua',
      },
    });
  });

  it('refuses a link issued before an unsubscribe, even once pending again', () => {
    const resubscribed = existing('pending', { unsubscribedAt: t1 });
    expect(decideConfirm(resubscribed, t0, web, t2)).toEqual({ kind: 'stale' });
    expect(decideConfirm(resubscribed, t2, web, t2).kind).toBe('confirm');
    expect(decideConfirm(existing('unsubscribed'), t2, web, t2)).toEqual({ kind: 'stale' });
    expect(decideConfirm(existing('confirmed'), t0, web, t2)).toEqual({
      kind: 'already-confirmed',
    });
  });
});
