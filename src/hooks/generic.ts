import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { sameSecret } from '../http/secret.js';
import {
  assertFresh,
  type HookEvent,
  HookRefused,
  type HookRequest,
  type ParsedHook,
  parseJson,
} from './types.js';

/**
 * The generic form, for relays Gazette has no adapter for (Postal, a local MTA, a script): JSON
 * events signed with HMAC-SHA256 under `GAZETTE_HOOK_SECRET` over `TIMESTAMP.BODY`, the
 * timestamp in `X-Gazette-Timestamp` (Unix seconds), the signature in `X-Gazette-Signature` as
 * `sha256=HEX`. See `docs/deliverability.md`.
 */
export const SIGNATURE_HEADER = 'X-Gazette-Signature';
export const TIMESTAMP_HEADER = 'X-Gazette-Timestamp';
const WINDOW_MS = 10 * 60_000;

const body = z.object({
  events: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        type: z.enum(['bounce', 'complaint', 'unsubscribe']),
        permanent: z.boolean().optional(),
        recipient: z.string().min(3),
        messageId: z.string().optional(),
        envelopeFrom: z.string().optional(),
        feedbackId: z.string().optional(),
        detail: z.string().max(500).optional(),
        reporter: z.string().max(200).optional(),
      }),
    )
    .min(1)
    .max(1000),
});

/** The signature a sender puts in `X-Gazette-Signature`. */
export function signGeneric(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function genericHook(secret: string) {
  return {
    async parse(request: HookRequest, now: Date): Promise<ParsedHook> {
      const signature = request.header(SIGNATURE_HEADER);
      const timestamp = request.header(TIMESTAMP_HEADER);
      if (!signature || !timestamp) {
        throw new HookRefused(
          401,
          `unsigned: ${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER} are required`,
        );
      }
      if (
        !sameSecret(signature.trim().toLowerCase(), signGeneric(secret, timestamp, request.body))
      ) {
        throw new HookRefused(403, 'forged: the signature does not verify');
      }
      assertFresh(Number(timestamp) * 1000, now, WINDOW_MS);
      const parsed = body.safeParse(parseJson(request.body));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new HookRefused(
          400,
          `malformed: ${issue?.path.join('.') || 'body'}: ${issue?.message}`,
        );
      }
      const events: HookEvent[] = parsed.data.events.map((e) => ({
        id: e.id,
        kind: e.type,
        permanent: e.type !== 'bounce' || e.permanent === true,
        detail: e.detail ?? e.type,
        reporter: e.reporter ?? null,
        refs: {
          recipient: e.recipient,
          messageId: e.messageId,
          envelopeFrom: e.envelopeFrom,
          feedbackId: e.feedbackId,
        },
      }));
      return { events, ignored: 0 };
    },
  };
}
