import type { Mailer } from '../send/index.js';
import { createDkimSigner, type DkimOptions } from './dkim.js';
import type { MimeOptions } from './mime.js';
import { createOutbox, type OutboxWritten } from './outbox.js';
import { createSmtpPool } from './smtp-pool.js';

export interface MailerOptions {
  /** Unset: `.eml` files in `outboxDir`. */
  smtpUrl?: string | undefined;
  outboxDir: string;
  pool: number;
  from: { address: string; name?: string };
  /** `Name <id>` for the List-Id header. */
  listId: string;
  envelopeFrom?: string;
  dkim?: DkimOptions | undefined;
  /** Told of each message written to `outboxDir`. */
  onWritten?: OutboxWritten | undefined;
}

/** From, List-Id and the DKIM signer: what every message a mailer sends is built with. */
export function mimeOptionsOf(
  options: Pick<MailerOptions, 'from' | 'listId' | 'dkim'>,
): MimeOptions {
  return {
    from: options.from,
    listId: options.listId,
    ...(options.dkim ? { dkim: createDkimSigner(options.dkim) } : {}),
  };
}

/** The send loop's mailer: pooled SMTP, or the outbox folder. */
export function createMailer(options: MailerOptions): Mailer {
  const mime = mimeOptionsOf(options);
  if (!options.smtpUrl) return createOutbox(options.outboxDir, mime, options.onWritten);
  return createSmtpPool({
    ...mime,
    url: options.smtpUrl,
    pool: options.pool,
    ...(options.envelopeFrom ? { envelopeFrom: options.envelopeFrom } : {}),
  });
}
