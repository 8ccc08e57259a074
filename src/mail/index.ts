export type { MailTransport, OutgoingMessage, SentMessage } from './message.js';
export { createMailTransport, type TransportOptions } from './transport.js';
