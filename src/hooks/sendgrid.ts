import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { z } from 'zod';
import {
  assertFresh,
  type HookEvent,
  HookRefused,
  type HookRequest,
  type ParsedHook,
  parseJson,
} from './types.js';

/**
 * SendGrid's signed Event Webhook: an ECDSA (P-256, SHA-256) signature over the timestamp
 * header followed by the raw body, checked with the verification key from SendGrid's Mail
 * Settings (base64 DER, as SendGrid shows it). The body is an array of events; `smtp-id` is the
 * Message-ID we sent with, where SendGrid gives it.
 */
export const SIGNATURE_HEADER = 'X-Twilio-Email-Event-Webhook-Signature';
export const TIMESTAMP_HEADER = 'X-Twilio-Email-Event-Webhook-Timestamp';
const WINDOW_MS = 10 * 60_000;

const event = z
  .object({
    email: z.string().min(3),
    event: z.string(),
    sg_event_id: z.string().min(1),
    type: z.string().optional(),
    reason: z.string().optional(),
    status: z.string().optional(),
    'smtp-id': z.string().optional(),
  })
  .loose();

export function sendgridHook(verificationKey: string) {
  const key: KeyObject = publicKeyOf(verificationKey);
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
      const signed = verify(
        'sha256',
        Buffer.from(timestamp + request.body, 'utf8'),
        { key, dsaEncoding: 'der' },
        Buffer.from(signature, 'base64'),
      );
      if (!signed) throw new HookRefused(403, 'forged: the SendGrid signature does not verify');
      assertFresh(Number(timestamp) * 1000, now, WINDOW_MS);
      const parsed = z.array(event).min(1).safeParse(parseJson(request.body));
      if (!parsed.success) throw new HookRefused(400, 'malformed: not an array of SendGrid events');
      const events: HookEvent[] = [];
      for (const e of parsed.data) {
        const kind = kindOf(e.event);
        if (!kind) continue;
        events.push({
          id: e.sg_event_id,
          kind,
          // `blocked`: the receiver refused for now (a reputation or content block), not for good.
          permanent: e.event === 'bounce' && e.type !== 'blocked',
          detail: [e.status, e.reason].filter(Boolean).join(' ') || e.event,
          reporter: null,
          refs: { recipient: e.email, messageId: e['smtp-id'] },
        });
      }
      return { events, ignored: parsed.data.length - events.length };
    },
  };
}

function kindOf(event: string): HookEvent['kind'] | undefined {
  if (event === 'bounce') return 'bounce';
  if (event === 'spamreport') return 'complaint';
  if (event === 'unsubscribe' || event === 'group_unsubscribe') return 'unsubscribe';
  return undefined;
}

/** SendGrid shows the key as base64 DER without PEM armour; a PEM is taken as well. */
function publicKeyOf(text: string): KeyObject {
  const trimmed = text.trim();
  return trimmed.startsWith('-----BEGIN')
    ? createPublicKey(trimmed)
    : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
}
