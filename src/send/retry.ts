import { MailError, type Mailer, type MailMessage } from './ports.js';

export interface RetryPolicy {
  /** 4xx replies before a delivery is given up as failed (a connection failure never counts). */
  maxTemporary: number;
  baseMs: number;
  maxMs: number;
}

export const defaultRetry: RetryPolicy = { maxTemporary: 10, baseMs: 250, maxMs: 30_000 };

/** Exponential with full jitter, so many lanes that failed together do not retry together. */
export function backoffMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export type Attempt =
  | { status: 'sent'; response: string }
  | { status: 'failed'; error: string; bounce: boolean }
  | { status: 'stopped' };

export interface AttemptHooks {
  sleep(ms: number): Promise<void>;
  stopped(): boolean;
  /** The server cannot be reached: the run is paused until it answers again. */
  paused(error: string, retryInMs: number): void;
  resumed(): void;
}

/**
 * Sends one message until it is accepted, refused for good, or 4xx replies run out. A server
 * that is down pauses this lane without limit: undelivered mail is never marked sent, nor failed.
 * A fatal error (the server refuses the sender or our login) propagates and stops the run.
 */
export async function sendWithRetry(
  mailer: Mailer,
  message: MailMessage,
  policy: RetryPolicy,
  hooks: AttemptHooks,
): Promise<Attempt> {
  let temporary = 0;
  let connection = 0;
  for (;;) {
    if (hooks.stopped()) return { status: 'stopped' };
    try {
      const { response } = await mailer.send(message);
      if (connection > 0) hooks.resumed();
      return { status: 'sent', response };
    } catch (error) {
      const mailError =
        error instanceof MailError
          ? error
          : new MailError(error instanceof Error ? error.message : String(error), 'connection');
      if (mailError.kind === 'fatal') throw mailError;
      if (mailError.kind === 'permanent') {
        return { status: 'failed', error: mailError.message, bounce: true };
      }
      if (mailError.kind === 'temporary') {
        temporary++;
        if (temporary >= policy.maxTemporary) {
          return { status: 'failed', error: mailError.message, bounce: false };
        }
        await hooks.sleep(backoffMs(temporary, policy));
      } else {
        connection++;
        const wait = backoffMs(connection, policy);
        hooks.paused(mailError.message, wait);
        await hooks.sleep(wait);
      }
    }
  }
}
