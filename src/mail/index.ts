export type { MailTransport, OutgoingMessage, SentMessage } from './message.js';
export {
  createTemplateRenderer,
  defaultTemplatesDir,
  type RenderedTemplate,
  type TemplateRenderer,
} from './templates.js';
export { createMailTransport, type TransportOptions } from './transport.js';
