import type { DeliveryStore } from '../send/index.js';
import type { Db } from './database.js';
import * as deliveries from './deliveries.js';
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
    finishRun: (runId, now) => runs.finishRun(db, runId, now),
    failRun: (runId, error, now) => runs.failRun(db, runId, error, now),
    recentFailures: (runId, limit) => runs.recentFailures(db, runId, limit),
    registerWorker: (worker, runId, now) => deliveries.registerWorker(db, worker, runId, now),
    heartbeat: (worker, now) => deliveries.heartbeat(db, worker, now),
    removeWorker: (worker) => deliveries.removeWorker(db, worker),
    sweep: (runId, now, deadAfterMs) => deliveries.sweep(db, runId, now, deadAfterMs),
    claim: (runId, worker, limit, now) => deliveries.claim(db, runId, worker, limit, now),
    notConfirmed: (ids) => deliveries.notConfirmed(db, ids),
    record: (worker, outcomes, now) => deliveries.record(db, worker, outcomes, now),
  };
}
