export {
  type AddressKind,
  type AddressTokens,
  createAddressTokens,
  FEEDBACK,
  type ReadAddress,
} from './address-tokens.js';
export { type FeedbackReport, isComplaint, parseFeedbackReport } from './arf.js';
export {
  type DeliveryReport,
  parseDeliveryReport,
  type RecipientStatus,
  splitMessage,
} from './dsn.js';
export { readEnvelope } from './feedback.js';
export {
  type BounceReport,
  type BounceStore,
  handleInbound,
  type InboundDeps,
  type InboundOutcome,
  type InboundSource,
  recipientsInHeaders,
} from './inbound.js';
export {
  type InboundListener,
  type InboundListenerOptions,
  type InboundLogger,
  logOutcome,
  startInboundListener,
} from './listener.js';
