export { classifySmtpError } from './classify.js';
export { createDkimSigner, type DkimOptions, SIGNED_HEADERS } from './dkim.js';
export { formatListId } from './headers.js';
export { createMailer, type MailerOptions, mimeOptionsOf } from './mailer.js';
export { buildMime, type MimeOptions } from './mime.js';
export { type NoticeText, noticeMailer } from './notices.js';
export { createSmtpPool, type SmtpPoolOptions } from './smtp-pool.js';
export {
  createTemplateRenderer,
  defaultTemplatesDir,
  type RenderedTemplate,
  type TemplateRenderer,
} from './templates.js';
export { createMailTransport, type MailTransport, type TransportOptions } from './transport.js';
