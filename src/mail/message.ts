/** One email, as the domains describe it; `mail/` turns it into MIME. */
export interface OutgoingMessage {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Fixed per delivery so a resent copy is recognisable (without the angle brackets). */
  messageId?: string;
  date?: Date;
  /** SMTP envelope sender (MAIL FROM), e.g. a per-delivery bounce address. */
  envelopeFrom?: string;
  headers?: Record<string, string>;
}

export interface SentMessage {
  messageId: string;
  /** The server's reply, e.g. `250 2.0.0 Ok: queued`, or the outbox file written. */
  response: string;
}

/** Delivers messages: SMTP, or `.eml` files in an outbox folder. */
export interface MailTransport {
  send(message: OutgoingMessage): Promise<SentMessage>;
  /** Checks the server answers (SMTP) or the folder is writable (outbox). */
  verify(): Promise<void>;
  close(): void;
}
