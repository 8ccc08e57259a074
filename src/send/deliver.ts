import type { Composer } from './compose.js';
import { type DomainDeferrals, domainOf } from './domains.js';
import type { Gate } from './gate.js';
import type { Pace } from './pace.js';
import type { Mailer } from './ports.js';
import { attempt, backoffMs, type RetryPolicy } from './retry.js';
import type { Delivery, Outcome } from './types.js';

export interface DeliverContext {
  mailer: Mailer;
  composer: Composer;
  gate: Gate;
  pace: Pace;
  domains: DomainDeferrals;
  retry: RetryPolicy;
  clock: () => Date;
  stopped(): boolean;
  /** Real-time sleep (pacing, pauses), cut short when the worker stops. */
  sleep(ms: number): Promise<void>;
  /** A cap is reached: resolves when the run may go on (the worker waits once for all lanes). */
  throttled(resumeAt: Date): Promise<void>;
  onDeferred(domain: string, until: Date, error: string): void;
  onPaused(error: string, retryInMs: number): void;
  onResumed(): void;
}

export class Fatal extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

/**
 * One claimed delivery through to its outcome. The row is marked `sending` (and counted under
 * the caps) just before each handoff. What the reply means:
 * - accepted: `sent`;
 * - 421 or 4.7.x: slow down, then the same message again (the row goes back to `claimed`);
 * - 4.1.x or 4.2.x (this address, this mailbox: "mailbox full"): the row alone is `deferred`
 *   with backoff; another 4xx (the receiving system): the recipient's whole domain is held back
 *   with backoff, and the row `deferred`; after `giveUpAfterMs` of that, `failed`;
 * - 5xx: `bounced` (and the subscriber with it).
 */
export async function deliver(ctx: DeliverContext, delivery: Delivery): Promise<void> {
  const domain = domainOf(delivery.email);
  const heldUntil = ctx.domains.until(domain, ctx.clock());
  if (heldUntil) {
    ctx.gate.record(defer(ctx, delivery, heldUntil, 'domain deferred after a 4xx reply', null));
    return;
  }
  let message = await compose(ctx, delivery);
  if (!message) return;
  for (;;) {
    if (ctx.stopped()) return;
    const wait = ctx.pace.delay();
    if (wait > 0) await ctx.sleep(wait);
    const answer = await ctx.gate.start(delivery.id);
    if (answer.status === 'lost') return;
    if (answer.status === 'capped') {
      await ctx.throttled(answer.resumeAt);
      // Hours may have passed: the Date header (and the signed links) are of the actual send.
      const fresh = await compose(ctx, delivery);
      if (!fresh) return;
      message = fresh;
      continue;
    }
    let result: Awaited<ReturnType<typeof attempt>>;
    try {
      result = await attempt(ctx.mailer, message, ctx.retry, {
        sleep: (ms) => ctx.sleep(ms),
        stopped: () => ctx.stopped(),
        paused: (error, ms) => ctx.onPaused(error, ms),
        resumed: () => ctx.onResumed(),
      });
    } catch (error) {
      // Refused before the message was taken (our sender or login): not this delivery's fault.
      ctx.gate.record({ status: 'requeue', id: delivery.id });
      throw new Fatal(error);
    }
    if (result.status === 'stopped') {
      // Stopped while the server was unreachable: nothing was accepted.
      ctx.gate.record({ status: 'requeue', id: delivery.id });
      return;
    }
    if (result.status === 'sent') {
      ctx.pace.accepted();
      ctx.domains.accepted(domain);
      ctx.gate.record({ status: 'sent', id: delivery.id, response: result.response });
      return;
    }
    const { error } = result;
    const code = error.responseCode ?? null;
    if (error.kind === 'slowdown') {
      ctx.pace.slowDown();
      ctx.gate.record({ status: 'requeue', id: delivery.id });
      continue;
    }
    if (error.kind === 'temporary') {
      const now = ctx.clock();
      const until = MAILBOX.test(error.enhanced ?? '')
        ? new Date(now.getTime() + backoffMs(delivery.attempts + 1, ctx.retry))
        : ctx.domains.defer(domain, now);
      ctx.onDeferred(domain, until, error.message);
      ctx.gate.record(defer(ctx, delivery, until, error.message, code));
      return;
    }
    ctx.gate.record({
      status: 'bounced',
      id: delivery.id,
      error: error.message,
      code,
      subscriberId: delivery.subscriberId,
    });
    return;
  }
}

/** Enhanced codes about one address or mailbox, not its domain's servers. */
const MAILBOX = /^4\.[12]\./;

/** The message, or null when the digest cannot be rendered (recorded as failed). */
async function compose(
  ctx: DeliverContext,
  delivery: Delivery,
): Promise<Awaited<ReturnType<Composer['compose']>> | null> {
  try {
    return await ctx.composer.compose(delivery, ctx.clock());
  } catch (error) {
    // A digest that cannot be rendered (an article gone since planning) fails alone.
    const text = `render: ${error instanceof Error ? error.message : String(error)}`;
    ctx.gate.record({ status: 'failed', id: delivery.id, error: text, code: null });
    return null;
  }
}

function defer(
  ctx: DeliverContext,
  delivery: Delivery,
  until: Date,
  error: string,
  code: number | null,
): Outcome {
  const first = delivery.firstDeferredAt?.getTime() ?? ctx.clock().getTime();
  if (until.getTime() - first > ctx.retry.giveUpAfterMs) {
    return { status: 'failed', id: delivery.id, error, code };
  }
  return { status: 'deferred', id: delivery.id, error, code, nextAttemptAt: until };
}
