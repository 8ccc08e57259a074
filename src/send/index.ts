export { type Composer, createComposer, joinFilled } from './compose.js';
export { domainOf } from './domains.js';
export { composeOneOff } from './one-off.js';
export { createPace, type Pace, type PaceOptions } from './pace.js';
export { contentFor, deliveryMessageId, effectiveCategories, planRun } from './plan.js';
export {
  type BounceAddress,
  type DeliveryStore,
  type FeedbackIdFor,
  type Filled,
  type LinksFor,
  MailError,
  type MailErrorKind,
  type Mailer,
  type MailMessage,
  type Recipient,
  type RenderDigest,
  type RenderedDigest,
  type SelectDigest,
} from './ports.js';
export { describeRun, type RunTotals, runTotals } from './report.js';
export { backoffMs, defaultRetry, type RetryPolicy } from './retry.js';
export {
  planNewRun,
  RunInProgress,
  RunPaused,
  resume,
  resumePaused,
  retryRun,
  runInput,
  type SendDeps,
  type SendRequest,
  send,
} from './run.js';
export { sleep } from './sleep.js';
export {
  type ClaimSource,
  DELIVERY_STATUSES,
  type Delivery,
  type DeliveryCounts,
  type DeliveryStatus,
  type DigestContent,
  type DomainHold,
  type DueSubscriber,
  type FailureLine,
  type Frequency,
  type Outcome,
  RUN_ACTIONS,
  type Run,
  type RunAction,
  type RunInput,
  type RunReport,
  type RunStatus,
  runFinished,
  type SendCaps,
  type Step,
  type StepResult,
  UNFINISHED,
} from './types.js';
export { runWorker, type SendEvent, type WorkerResult } from './worker.js';
