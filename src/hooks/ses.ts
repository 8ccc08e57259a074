import { z } from 'zod';
import { createSnsVerifier, type SnsOptions } from './sns.js';
import {
  type HookEvent,
  HookRefused,
  type HookRequest,
  type ParsedHook,
  parseJson,
} from './types.js';

/**
 * Amazon SES bounce and complaint notifications, delivered by SNS. SES keeps the envelope sender
 * a message went out with (`mail.source`: our signed `bounces+TOKEN@`) and, when "include
 * original headers" is on, its headers (our Message-ID and Feedback-ID).
 */
const recipient = z.object({
  emailAddress: z.string().min(3),
  status: z.string().optional(),
  action: z.string().optional(),
  diagnosticCode: z.string().optional(),
});
const notification = z.object({
  notificationType: z.string().optional(),
  eventType: z.string().optional(),
  mail: z.object({
    source: z.string().optional(),
    headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
    commonHeaders: z.object({ messageId: z.string().optional() }).optional(),
  }),
  bounce: z
    .object({
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      bouncedRecipients: z.array(recipient),
    })
    .optional(),
  complaint: z
    .object({
      complainedRecipients: z.array(recipient),
      complaintFeedbackType: z.string().optional(),
      userAgent: z.string().optional(),
    })
    .optional(),
});

export function sesHook(options: SnsOptions) {
  const sns = createSnsVerifier(options);
  return {
    async parse(request: HookRequest, now: Date): Promise<ParsedHook> {
      const message = await sns.verify(request.body, now);
      if (message.Type === 'SubscriptionConfirmation') {
        if (!message.SubscribeURL) throw new HookRefused(400, 'malformed: no SubscribeURL');
        return { events: [], ignored: 0, confirm: message.SubscribeURL };
      }
      if (message.Type === 'UnsubscribeConfirmation') return { events: [], ignored: 1 };
      const parsed = notification.safeParse(parseJson(message.Message));
      if (!parsed.success) throw new HookRefused(400, 'malformed: not an SES notification');
      return { events: eventsOf(message.MessageId, parsed.data), ignored: 0 };
    },
    confirm: (url: string) => sns.confirm(url),
  };
}

function eventsOf(id: string, n: z.infer<typeof notification>): HookEvent[] {
  const type = n.notificationType ?? n.eventType;
  const header = (name: string) =>
    n.mail.headers?.find((h) => h.name.toLowerCase() === name)?.value;
  const refs = {
    envelopeFrom: n.mail.source,
    messageId: header('message-id') ?? n.mail.commonHeaders?.messageId,
    feedbackId: header('feedback-id'),
  };
  if (type === 'Bounce' && n.bounce) {
    const permanent = n.bounce.bounceType === 'Permanent';
    return n.bounce.bouncedRecipients.map((r) => ({
      id: `${id}:${r.emailAddress}`,
      kind: 'bounce',
      permanent,
      detail: [r.status, r.diagnosticCode ?? `${n.bounce?.bounceType} ${n.bounce?.bounceSubType}`]
        .filter(Boolean)
        .join(' '),
      reporter: null,
      refs: { ...refs, recipient: r.emailAddress },
    }));
  }
  if (type === 'Complaint' && n.complaint) {
    const { complaintFeedbackType, userAgent } = n.complaint;
    return n.complaint.complainedRecipients.map((r) => ({
      id: `${id}:${r.emailAddress}`,
      kind: 'complaint',
      permanent: true,
      detail: complaintFeedbackType ?? 'abuse',
      reporter: userAgent ?? null,
      refs: { ...refs, recipient: r.emailAddress },
    }));
  }
  return [];
}
