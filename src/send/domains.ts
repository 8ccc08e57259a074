import { backoffMs, type RetryPolicy } from './retry.js';
import type { DomainHold } from './types.js';

/** Where holds are shared with the other workers (the store). */
export interface SharedHolds {
  hold(hold: DomainHold): Promise<void>;
  release(domain: string): Promise<void>;
}

/**
 * Per-domain deferral: a 4xx for one recipient holds back every delivery to the same domain
 * (greylisting and "try later" are per receiving server), with exponential backoff while the
 * domain keeps refusing, and lets it go at once when one message is accepted. Other domains are
 * not held up. What one worker learns is shared: it writes each hold and release, and takes the
 * others' in at every heartbeat (`merge`).
 */
export class DomainDeferrals {
  private readonly held = new Map<string, { until: number; failures: number }>();
  /** Holds written but perhaps not yet readable: a merge must not drop them. */
  private readonly writing = new Set<string>();
  /** For each read of the shared holds under way: the domains written since it began. */
  private readonly reads = new Set<Set<string>>();

  constructor(
    private readonly policy: RetryPolicy,
    private readonly shared?: SharedHolds,
    /** Told of a shared write that failed: the worker goes on, so it is reported, not thrown. */
    private readonly onShareFailed?: (error: unknown) => void,
  ) {}

  /**
   * The holds every worker knows of replace this worker's (which were written there too), so a
   * domain another worker saw accept a message is let go here as well. `read` reads them; a
   * domain written while it ran (or still being written) keeps this worker's own state, which
   * the read may predate.
   */
  async merge(read: () => Promise<readonly DomainHold[]>): Promise<void> {
    const written = new Set(this.writing);
    this.reads.add(written);
    let holds: readonly DomainHold[];
    try {
      holds = await read();
    } finally {
      this.reads.delete(written);
    }
    for (const domain of this.writing) written.add(domain);
    for (const domain of this.held.keys()) if (!written.has(domain)) this.held.delete(domain);
    for (const hold of holds) {
      if (written.has(hold.domain)) continue;
      this.held.set(hold.domain, { until: hold.until.getTime(), failures: hold.failures });
    }
  }

  /** When the domain may be tried again, or null when it may be tried now. */
  until(domain: string, now: Date): Date | null {
    const entry = this.held.get(domain);
    return entry && entry.until > now.getTime() ? new Date(entry.until) : null;
  }

  defer(domain: string, now: Date): Date {
    const failures = (this.held.get(domain)?.failures ?? 0) + 1;
    const until = now.getTime() + backoffMs(failures, this.policy);
    this.held.set(domain, { until, failures });
    this.share(domain, (shared) => shared.hold({ domain, until: new Date(until), failures }));
    return new Date(until);
  }

  /** One message to the domain was taken. Written only when it was held: not once a message. */
  accepted(domain: string): void {
    if (this.held.delete(domain)) this.share(domain, (shared) => shared.release(domain));
  }

  /** A lost write costs no more than a worker that had not heard: it is not worth a failure. */
  private share(domain: string, write: (shared: SharedHolds) => Promise<void>): void {
    const shared = this.shared;
    if (!shared) return;
    this.writing.add(domain);
    for (const written of this.reads) written.add(domain);
    write(shared)
      .catch((error: unknown) => this.onShareFailed?.(error))
      .finally(() => this.writing.delete(domain));
  }
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}
