import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { MailTransport, OutgoingMessage, SentMessage } from './message.js';
import type { OutboxWritten } from './outbox.js';

export interface TransportOptions {
  /** `smtp://` or `smtps://`; unset writes `.eml` files to `outboxDir`. */
  smtpUrl?: string | undefined;
  outboxDir: string;
  /** SMTP connections kept open. */
  pool: number;
  /** Told of each message written to `outboxDir`. */
  onWritten?: OutboxWritten | undefined;
}

export function createMailTransport(options: TransportOptions): MailTransport {
  return options.smtpUrl
    ? smtpTransport(options.smtpUrl, options.pool)
    : outboxTransport(options.outboxDir, options.onWritten);
}

function smtpTransport(url: string, pool: number): MailTransport {
  const transporter: Transporter = nodemailer.createTransport(url, {
    pool: true,
    maxConnections: pool,
    maxMessages: Number.POSITIVE_INFINITY,
  } as object);
  return {
    async send(message) {
      const info = await transporter.sendMail(toNodemailer(message));
      return { messageId: stripBrackets(info.messageId), response: String(info.response ?? '') };
    },
    async verify() {
      await transporter.verify();
    },
    close: () => transporter.close(),
  };
}

/** Without an SMTP server, every message becomes a file an operator can open in a mail client. */
function outboxTransport(dir: string, onWritten?: OutboxWritten): MailTransport {
  const transporter = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });
  return {
    async send(message): Promise<SentMessage> {
      const info = await transporter.sendMail(toNodemailer(message));
      await mkdir(dir, { recursive: true });
      const name = `${Date.now()}-${randomBytes(4).toString('hex')}.eml`;
      const temporary = join(dir, `.${name}.tmp`);
      await writeFile(temporary, info.message as Buffer);
      await rename(temporary, join(dir, name));
      onWritten?.({ to: message.to, subject: message.subject, file: join(dir, name) });
      return { messageId: stripBrackets(info.messageId), response: `written ${name}` };
    },
    async verify() {
      await mkdir(dir, { recursive: true });
    },
    close: () => transporter.close(),
  };
}

export function toNodemailer(message: OutgoingMessage): SendMailOptions {
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    ...(message.messageId ? { messageId: `<${message.messageId}>` } : {}),
    ...(message.date ? { date: message.date } : {}),
    ...(message.envelopeFrom ? { envelope: { from: message.envelopeFrom, to: message.to } } : {}),
    ...(message.headers ? { headers: message.headers } : {}),
  };
}

function stripBrackets(id: string): string {
  return id.replace(/^<|>$/g, '');
}
