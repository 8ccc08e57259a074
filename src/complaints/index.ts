export { type FeedbackIdParts, formatFeedbackId, parseFeedbackId } from './feedback-id.js';
export {
  COMPLAINT_LIMIT,
  COMPLAINT_TARGET,
  formatRate,
  type GuardStore,
  guardRun,
  guardSweep,
  guardVerdict,
  MIN_DELIVERED,
  type Rates,
  type RateTotals,
  ROLLING_DAYS,
  ratesOf,
  rollingRates,
} from './guard.js';
export {
  type EnvelopeReading,
  type Resolved,
  type ResolveOptions,
  resolveDelivery,
} from './resolve.js';
export type {
  Complaint,
  ComplaintStore,
  DeliveryLookup,
  DeliveryRef,
  References,
} from './types.js';
