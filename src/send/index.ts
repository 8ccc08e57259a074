export { type Composer, createComposer, joinFilled } from './compose.js';
export { deliveryMessageId, effectiveCategories, planRun } from './plan.js';
export {
  type BounceAddress,
  type DeliveryStore,
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
export { backoffMs, defaultRetry, type RetryPolicy } from './retry.js';
export { RunInProgress, resume, type SendDeps, type SendRequest, send } from './run.js';
export {
  type Delivery,
  type DeliveryCounts,
  type DeliveryStatus,
  type DigestContent,
  type DueSubscriber,
  type Frequency,
  type Outcome,
  type Run,
  type RunInput,
  type RunStatus,
  UNFINISHED,
} from './types.js';
export { runWorker, type SendEvent, type WorkerResult } from './worker.js';
