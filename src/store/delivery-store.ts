import type { DeliveryStore, DomainHolds, RunLedger, SubscriberLookup } from '../send/index.js';
import type { Db } from './database.js';
import * as deliveries from './deliveries.js';
import * as domains from './domain-deferrals.js';
import { createOutbox } from './outbox.js';
import * as status from './run-status.js';
import * as runs from './runs.js';
import * as subscribers from './subscriber-lookup.js';

/** The send domain's ports on either database, each over the tables it reads and writes. */
export function createRunLedger(db: Db): RunLedger {
  return {
    planRun: (input, choose, options) => deliveries.planRun(db, input, choose, options),
    unfinishedRuns: (kind, frequency) => runs.unfinishedRuns(db, kind, frequency),
    getRun: (id) => runs.getRun(db, id),
    listRuns: (limit) => runs.listRuns(db, limit),
    counts: (runId) => deliveries.counts(db, runId),
    failures: (runId, limit) => deliveries.failures(db, runId, limit),
    details: (runId) => deliveries.details(db, runId),
    startRun: (runId, now) => status.startRun(db, runId, now),
    throttleRun: (runId, resumeAt) => status.throttleRun(db, runId, resumeAt),
    finishRun: (runId, now) => status.finishRun(db, runId, now),
    failRun: (runId, error, now) => status.failRun(db, runId, error, now),
    pauseRun: (runId, now) => status.pauseRun(db, runId, now),
    unpauseRun: (runId) => status.unpauseRun(db, runId),
    haltOf: (runId) => status.haltOf(db, runId),
    cancelRun: (runId, now) => status.cancelRun(db, runId, now),
  };
}

function createDomainHolds(db: Db): DomainHolds {
  return {
    holdDomain: (hold, now) => domains.holdDomain(db, hold, now),
    releaseDomain: (domain) => domains.releaseDomain(db, domain),
    heldDomains: () => domains.heldDomains(db),
  };
}

function createSubscriberLookup(db: Db): SubscriberLookup {
  return {
    findDue: (email, frequency, now) => subscribers.findDue(db, email, frequency, now),
    eachDue: (frequency, now) => subscribers.eachDue(db, frequency, now),
    notConfirmed: (ids) => subscribers.notConfirmed(db, ids),
  };
}

/** Everything a send needs, as one object: what `send()` and the run manager are given. */
export function createDeliveryStore(db: Db): DeliveryStore {
  return {
    ...createRunLedger(db),
    ...createOutbox(db),
    ...createDomainHolds(db),
    ...createSubscriberLookup(db),
  };
}
