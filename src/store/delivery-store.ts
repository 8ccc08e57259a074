import type { DeliveryStore } from '../send/index.js';
import type { Db } from './database.js';
import * as deliveries from './deliveries.js';
import * as domains from './domain-deferrals.js';
import * as postgres from './outbox-postgres.js';
import { sqliteOutbox } from './outbox-sqlite.js';
import * as control from './run-control.js';
import * as runs from './send-runs.js';

/** The send loop's store, on either database. */
export function createDeliveryStore(db: Db): DeliveryStore {
  return {
    planRun: (input, choose, options) => runs.planRun(db, input, choose, options),
    unfinishedRuns: (kind, frequency) => runs.unfinishedRuns(db, kind, frequency),
    getRun: (id) => runs.getRun(db, id),
    listRuns: (limit) => runs.listRuns(db, limit),
    counts: (runId) => runs.counts(db, runId),
    startRun: (runId, now) => runs.startRun(db, runId, now),
    throttleRun: (runId, resumeAt) => runs.throttleRun(db, runId, resumeAt),
    finishRun: (runId, now) => runs.finishRun(db, runId, now),
    failRun: (runId, error, now) => runs.failRun(db, runId, error, now),
    failures: (runId, limit) => runs.failures(db, runId, limit),
    details: (runId) => runs.details(db, runId),
    pauseRun: (runId, now) => control.pauseRun(db, runId, now),
    unpauseRun: (runId) => control.unpauseRun(db, runId),
    haltOf: (runId) => control.haltOf(db, runId),
    cancelRun: (runId, now) => control.cancelRun(db, runId, now),
    holdDomain: (hold, now) => domains.holdDomain(db, hold, now),
    releaseDomain: (domain) => domains.releaseDomain(db, domain),
    heldDomains: () => domains.heldDomains(db),
    registerWorker: (worker, runId, now) => deliveries.registerWorker(db, worker, runId, now),
    heartbeat: (worker, now) => deliveries.heartbeat(db, worker, now),
    removeWorker: (worker) => deliveries.removeWorker(db, worker),
    notConfirmed: (ids) => deliveries.notConfirmed(db, ids),
    ...outbox(db),
  };
}

function outbox(db: Db): Pick<DeliveryStore, 'claim' | 'step' | 'sweep'> {
  const raw = db.raw;
  if (raw.dialect === 'postgres') {
    return {
      claim: (runId, worker, limit, now, sources) =>
        postgres.claim(raw.pool, runId, worker, limit, now, sources),
      step: (worker, work, now) => postgres.step(raw.pool, worker, work, now),
      sweep: (runId, now, deadAfterMs) => postgres.sweep(raw.pool, runId, now, deadAfterMs),
    };
  }
  const sqlite = sqliteOutbox(raw.database);
  return {
    claim: async (runId, worker, limit, now, sources) =>
      sqlite.claim(runId, worker, limit, now, sources),
    step: async (worker, work, now) => sqlite.step(worker, work, now),
    sweep: async (runId, now, deadAfterMs) => sqlite.sweep(runId, now, deadAfterMs),
  };
}
