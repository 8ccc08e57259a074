import { backoffMs, type RetryPolicy } from './retry.js';

/**
 * Per-domain deferral: a 4xx for one recipient holds back every delivery to the same domain
 * (greylisting and "try later" are per receiving server), with exponential backoff while the
 * domain keeps refusing, and lets it go at once when one message is accepted. Other domains are
 * not held up. Each worker learns this for itself.
 */
export class DomainDeferrals {
  private readonly held = new Map<string, { until: number; failures: number }>();

  constructor(private readonly policy: RetryPolicy) {}

  /** When the domain may be tried again, or null when it may be tried now. */
  until(domain: string, now: Date): Date | null {
    const entry = this.held.get(domain);
    return entry && entry.until > now.getTime() ? new Date(entry.until) : null;
  }

  defer(domain: string, now: Date): Date {
    const failures = (this.held.get(domain)?.failures ?? 0) + 1;
    const until = now.getTime() + backoffMs(failures, this.policy);
    this.held.set(domain, { until, failures });
    return new Date(until);
  }

  accepted(domain: string): void {
    this.held.delete(domain);
  }
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}
