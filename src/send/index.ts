export {
  bucketMinute,
  CAP_HORIZON_MS,
  type CapBucket,
  capsOn,
  capsResumeAt,
  roomUnderCaps,
  withStarted,
} from './caps.js';
export { type Composer, createComposer, joinFilled } from './compose.js';
export { domainOf } from './domains.js';
export { RunInProgress, RunPaused } from './errors.js';
export { composeOneOff } from './one-off.js';
export { createPace, type Pace, type PaceOptions } from './pace.js';
export { contentFor, deliveryMessageId, planRun } from './plan.js';
export {
  type BounceAddress,
  type DeliveryStore,
  type DomainHolds,
  type FeedbackIdFor,
  type Filled,
  type LinksFor,
  MailError,
  type MailErrorKind,
  type Mailer,
  type MailMessage,
  type NoticeMessage,
  type Outbox,
  type Recipient,
  type RenderDigest,
  type RenderedDigest,
  type RunLedger,
  type SelectDigest,
  type SendLogger,
  type SubscriberLookup,
  type UnaddressedDigest,
} from './ports.js';
export {
  describeRun,
  type RunSummary,
  type RunTotals,
  runTotals,
  summarize,
  summarizeRun,
} from './report.js';
export type { RetryPolicy } from './retry.js';
export {
  resume,
  resumePaused,
  retryRun,
  type SendDeps,
  type SendRequest,
  type SendSteps,
  send,
} from './run.js';
export {
  createRunner,
  type OperatorRequest,
  type Runner,
  type RunnerDeps,
  type ScheduledRequest,
} from './runner.js';
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
  RUN_KIND,
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
export type { SendEvent, WorkerResult, WorkerStore } from './worker.js';
