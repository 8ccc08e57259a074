import { MailError, type Mailer, type MailMessage } from './ports.js';

/**
 * Soft failures (4xx) defer a delivery with exponential backoff from `baseMs` to `maxMs`; once
 * `giveUpAfterMs` has passed since its first, the delivery fails. A server that cannot be reached
 * pauses the lane instead (`pauseBaseMs`..`pauseMaxMs`), without limit: that is the server's
 * state, not the message's.
 */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  giveUpAfterMs: number;
  pauseBaseMs: number;
  pauseMaxMs: number;
}

export const defaultRetry: RetryPolicy = {
  baseMs: 5 * 60_000,
  maxMs: 2 * 3_600_000,
  giveUpAfterMs: 12 * 3_600_000,
  pauseBaseMs: 250,
  pauseMaxMs: 30_000,
};

/** Exponential with full jitter, so many lanes that failed together do not retry together. */
export function backoffMs(
  attempt: number,
  policy: { baseMs: number; maxMs: number },
  random = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export type Attempt =
  | { status: 'sent'; response: string }
  | { status: 'refused'; error: MailError }
  | { status: 'stopped' };

export interface AttemptHooks {
  sleep(ms: number): Promise<void>;
  stopped(): boolean;
  /** The server cannot be reached: the lane is paused until it answers again. */
  paused(error: string, retryInMs: number): void;
  resumed(): void;
}

/**
 * One handoff of one message: sent, or refused with a reply (the caller decides what the reply
 * means), or stopped. A server that is down pauses the lane without limit: undelivered mail is
 * never marked sent, nor failed. A fatal error (the server refuses our sender or login) throws.
 */
export async function attempt(
  mailer: Mailer,
  message: MailMessage,
  policy: RetryPolicy,
  hooks: AttemptHooks,
): Promise<Attempt> {
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
      if (mailError.kind !== 'connection') {
        if (connection > 0) hooks.resumed();
        return { status: 'refused', error: mailError };
      }
      connection++;
      const wait = backoffMs(connection, { baseMs: policy.pauseBaseMs, maxMs: policy.pauseMaxMs });
      hooks.paused(mailError.message, wait);
      await hooks.sleep(wait);
    }
  }
}
