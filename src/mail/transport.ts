import { mkdir } from 'node:fs/promises';
import nodemailer from 'nodemailer';

export interface TransportOptions {
  /** `smtp://` or `smtps://`; unset: the outbox folder `outboxDir`. */
  smtpUrl?: string | undefined;
  outboxDir: string;
  /** Unused: a probe opens one connection. Kept for callers that pass the mailer's options. */
  pool?: number;
}

/**
 * Whether mail can go out, for `/healthz`: the SMTP server answers (a connection, EHLO and
 * login) or the outbox folder can be made. It sends nothing: every message Gazette sends goes
 * through `createMailer`, whose header builder is the only one.
 */
export interface MailTransport {
  verify(): Promise<void>;
  close(): void;
}

export function createMailTransport(options: TransportOptions): MailTransport {
  if (!options.smtpUrl) {
    return {
      verify: async () => void (await mkdir(options.outboxDir, { recursive: true })),
      close() {},
    };
  }
  const transporter = nodemailer.createTransport(options.smtpUrl);
  return {
    async verify() {
      await transporter.verify();
    },
    close: () => transporter.close(),
  };
}
