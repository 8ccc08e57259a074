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
 * Mailgun's webhooks: the body holds `signature` (timestamp, a random token, and the HMAC-SHA256
 * of timestamp + token under the webhook signing key, in hex) and `event-data`. Mailgun keeps the
 * Message-ID we sent with (`message.headers.message-id`) and the envelope sender.
 */
const WINDOW_MS = 10 * 60_000;

const body = z.object({
  signature: z.object({
    timestamp: z.union([z.string(), z.number()]),
    token: z.string().min(1),
    signature: z.string().min(1),
  }),
  'event-data': z.object({
    id: z.string().min(1),
    event: z.string(),
    recipient: z.string().min(3),
    severity: z.string().optional(),
    reason: z.string().optional(),
    envelope: z.object({ sender: z.string().optional() }).optional(),
    message: z
      .object({ headers: z.object({ 'message-id': z.string().optional() }).optional() })
      .optional(),
    'delivery-status': z
      .object({
        code: z.union([z.number(), z.string()]).optional(),
        message: z.string().optional(),
        description: z.string().optional(),
      })
      .optional(),
  }),
});

export function mailgunHook(signingKey: string) {
  return {
    async parse(request: HookRequest, now: Date): Promise<ParsedHook> {
      const json = parseJson(request.body) as { signature?: unknown };
      if (typeof json !== 'object' || json === null || json.signature === undefined) {
        throw new HookRefused(401, 'unsigned: the body has no signature');
      }
      const parsed = body.safeParse(json);
      if (!parsed.success) throw new HookRefused(400, 'malformed: not a Mailgun webhook');
      const { signature, 'event-data': e } = parsed.data;
      const expected = createHmac('sha256', signingKey)
        .update(`${signature.timestamp}${signature.token}`)
        .digest('hex');
      if (!sameSecret(signature.signature.toLowerCase(), expected)) {
        throw new HookRefused(403, 'forged: the Mailgun signature does not verify');
      }
      assertFresh(Number(signature.timestamp) * 1000, now, WINDOW_MS);
      const kind = kindOf(e.event);
      if (!kind) return { events: [], ignored: 1 };
      const status = e['delivery-status'];
      const event: HookEvent = {
        id: e.id,
        kind,
        permanent: kind !== 'bounce' || e.severity === 'permanent',
        detail:
          [status?.code, status?.description || status?.message, e.reason]
            .filter((part) => part !== undefined && part !== '')
            .join(' ') || e.event,
        reporter: null,
        refs: {
          recipient: e.recipient,
          messageId: e.message?.headers?.['message-id'],
          envelopeFrom: e.envelope?.sender,
        },
      };
      return { events: [event], ignored: 0 };
    },
  };
}

function kindOf(event: string): HookEvent['kind'] | undefined {
  if (event === 'failed') return 'bounce';
  if (event === 'complained') return 'complaint';
  if (event === 'unsubscribed') return 'unsubscribe';
  return undefined;
}
