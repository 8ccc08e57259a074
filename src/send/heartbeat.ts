import type { DomainDeferrals } from './domains.js';
import type { DomainHolds, Outbox, RunLedger } from './ports.js';

export interface HeartbeatOptions {
  store: Pick<Outbox, 'heartbeat' | 'sweep'> &
    Pick<DomainHolds, 'heldDomains'> &
    Pick<RunLedger, 'haltOf'>;
  worker: string;
  runId: string;
  domains: DomainDeferrals;
  /** Real time: a worker's liveness does not follow a test's run clock. */
  live: () => Date;
  everyMs: number;
  deadAfterMs: number;
  /** Another worker judged this one dead and took its claims. */
  onLeaseLost: () => void;
  /** An operator paused the run, or it was closed under this worker. */
  onHalt: (reason: 'paused' | 'closed') => void;
  warn: (error: unknown, message: string) => void;
}

/**
 * A worker's heartbeat: it renews the worker's row, takes in the domain holds other workers
 * wrote, reads whether the run must stop, and frees dead workers' rows. A failed beat is
 * reported and tried again at the next tick: the lease outlives a few. Returns the stop.
 */
export function startHeartbeat(options: HeartbeatOptions): () => void {
  const { store, worker, runId, domains, live } = options;
  const beat = async () => {
    try {
      if (!(await store.heartbeat(worker, live()))) options.onLeaseLost();
      await domains.merge(() => store.heldDomains());
      const reason = await store.haltOf(runId);
      if (reason) options.onHalt(reason);
    } catch (error) {
      options.warn(error, 'send worker: heartbeat failed; the next one tries again');
      return;
    }
    try {
      await store.sweep(runId, live(), options.deadAfterMs);
    } catch (error) {
      options.warn(
        error,
        'send worker: sweeping dead workers failed; the next heartbeat tries again',
      );
    }
  };
  let beating = false;
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    void beat().finally(() => {
      beating = false;
    });
  }, options.everyMs);
  return () => clearInterval(timer);
}
