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
 * Postmark's webhooks carry no signature: the URL is protected by HTTP basic auth (the token as
 * the password) or a custom header (`X-Gazette-Token`) set on the webhook. Postmark's MessageID
 * is its own, so an event names the message by its recipient only. Without a signed timestamp,
 * an event whose own time is older than Postmark's retry schedule (about ten hours) is a replay.
 */
export const TOKEN_HEADER = 'X-Gazette-Token';
const WINDOW_MS = 24 * 60 * 60_000;
const HARD = new Set(['HardBounce', 'BadEmailAddress']);

const record = z.discriminatedUnion('RecordType', [
  z.object({
    RecordType: z.literal('Bounce'),
    ID: z.union([z.number(), z.string()]),
    Type: z.string(),
    Email: z.string().min(3),
    BouncedAt: z.string(),
    Description: z.string().optional(),
    Details: z.string().optional(),
  }),
  z.object({
    RecordType: z.literal('SpamComplaint'),
    ID: z.union([z.number(), z.string()]),
    Type: z.string().optional(),
    Email: z.string().min(3),
    BouncedAt: z.string(),
    Details: z.string().optional(),
  }),
  z.object({
    RecordType: z.literal('SubscriptionChange'),
    MessageID: z.string(),
    Recipient: z.string().min(3),
    ChangedAt: z.string(),
    SuppressSending: z.boolean(),
    SuppressionReason: z.string().nullable().optional(),
    Origin: z.string().optional(),
  }),
  z.object({ RecordType: z.enum(['Delivery', 'Open', 'Click']) }),
]);

export function postmarkHook(token: string) {
  return {
    async parse(request: HookRequest, now: Date): Promise<ParsedHook> {
      const given = request.header(TOKEN_HEADER) ?? basicPassword(request.header('authorization'));
      if (given === undefined) {
        throw new HookRefused(401, `unsigned: basic auth or ${TOKEN_HEADER} is required`);
      }
      if (!sameSecret(given, token)) throw new HookRefused(403, 'forged: the token is wrong');
      const parsed = record.safeParse(parseJson(request.body));
      if (!parsed.success) throw new HookRefused(400, 'malformed: not a Postmark webhook record');
      const event = eventOf(parsed.data);
      if (!event) return { events: [], ignored: 1 };
      assertFresh(Date.parse(event.at), now, WINDOW_MS);
      return { events: [event.event], ignored: 0 };
    },
  };
}

function eventOf(r: z.infer<typeof record>): { event: HookEvent; at: string } | undefined {
  switch (r.RecordType) {
    case 'Bounce':
      return {
        at: r.BouncedAt,
        event: {
          id: `bounce:${r.ID}`,
          kind: 'bounce',
          permanent: HARD.has(r.Type),
          detail: [r.Type, r.Details ?? r.Description].filter(Boolean).join(' '),
          reporter: null,
          refs: { recipient: r.Email },
        },
      };
    case 'SpamComplaint':
      return {
        at: r.BouncedAt,
        event: {
          id: `complaint:${r.ID}`,
          kind: 'complaint',
          permanent: true,
          detail: 'abuse',
          reporter: null,
          refs: { recipient: r.Email },
        },
      };
    case 'SubscriptionChange':
      // A reader's unsubscribe through Postmark's list headers; bounces and complaints that
      // suppress an address come as their own records.
      if (!r.SuppressSending || r.SuppressionReason !== 'ManualSuppression') return undefined;
      return {
        at: r.ChangedAt,
        event: {
          id: `unsubscribe:${r.MessageID}:${r.ChangedAt}`,
          kind: 'unsubscribe',
          permanent: true,
          detail: `unsubscribed (${r.Origin ?? 'Recipient'})`,
          reporter: null,
          refs: { recipient: r.Recipient },
        },
      };
    default:
      return undefined;
  }
}

function basicPassword(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}
