export { decodeCsvFile, formatCsvRow, neutraliseCell, parseCsv, restoreCell } from './csv.js';
export { normaliseEmail } from './email.js';
export {
  type ImportLine,
  type ImportReport,
  type ImportTarget,
  importSubscribers,
} from './import.js';
export { confirmLink, subscriberLinks } from './links.js';
export type { NoticeSite } from './notices.js';
export { exportCsv, type ImportRow, listCsv, parseImport } from './roster.js';
export {
  type AddResult,
  type ConfirmationSubject,
  type ConfirmResult,
  createSubscriptionService,
  NoticeNotSent,
  type SubscriptionDeps,
  type SubscriptionService,
  type TokenSubject,
} from './service.js';
export {
  CONFIRM_TOKEN_TTL_MS,
  createTokens,
  type TokenCheck,
  type TokenPurpose,
  type Tokens,
} from './tokens.js';
export type { SubscribeRequest } from './transitions.js';
export {
  type Consent,
  FREQUENCIES,
  type Frequency,
  type Mailer,
  type Notice,
  type Preferences,
  type RenderTemplate,
  type Subscriber,
  type SubscriberChanges,
  type SubscriberRepository,
  type SubscriberStatus,
  type SubscriptionSource,
} from './types.js';
export {
  type Parsed,
  parsePreferences,
  parseSubscription,
  type RawPreferences,
} from './validate.js';
