import { randomBytes } from 'node:crypto';
import type {
  BounceAddress,
  FeedbackIdFor,
  Filled,
  LinksFor,
  MailMessage,
  Recipient,
  RenderDigest,
  RenderedDigest,
  UnaddressedDigest,
} from './ports.js';
import type { Delivery } from './types.js';

/**
 * Builds each message from a rendered digest and the recipient's own values (links, address,
 * name). Each distinct digest is rendered once (the last few are kept). A renderer that returns
 * an unaddressed digest fills the values in by position. One that returns finished text is
 * given stand-in values and its output is cut where they appear, so a message is the shared
 * chunks plus a few escaped values; the stand-ins hold a random value chosen per composer, so
 * no article, site name or template text can match one. A renderer that does not show them
 * verbatim (both links must appear) is called per recipient instead.
 */

type Field = 'unsubscribe' | 'preferences' | 'email' | 'name';
const FIELDS: readonly Field[] = ['unsubscribe', 'preferences', 'email', 'name'];

interface Cut {
  chunks: string[];
  fields: Field[];
}
interface Entry {
  subject: Cut;
  html: Cut;
  text: Cut;
}
interface Parts {
  subject: string;
  html: Filled;
  text: Filled;
}

export interface Composer {
  compose(delivery: Delivery, now: Date): Promise<MailMessage>;
}

export function createComposer(options: {
  render: RenderDigest;
  links: LinksFor;
  bounceAddress?: BounceAddress;
  feedbackId?: FeedbackIdFor;
  /** Distinct digests kept rendered; small, so memory stays flat however many recipients. */
  cacheSize?: number;
}): Composer {
  const standIns = createStandIns();
  const cache = new Map<string, UnaddressedDigest | Entry | null>();
  const cacheSize = options.cacheSize ?? 64;

  async function parts(delivery: Delivery, recipient: Recipient): Promise<Parts> {
    const key = `${delivery.articleIds.join(',')}|${delivery.moreCount}|${delivery.name ? 1 : 0}`;
    let entry = cache.get(key);
    if (entry !== undefined) {
      cache.delete(key);
    } else {
      const rendered = await options.render(delivery, {
        email: standIns.values.email,
        name: delivery.name ? standIns.values.name : null,
        unsubscribeUrl: standIns.values.unsubscribe,
        preferencesUrl: standIns.values.preferences,
      });
      entry = 'address' in rendered ? rendered : cutAtStandIns(rendered, standIns);
    }
    cache.set(key, entry);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
    if (entry && 'address' in entry) {
      return { subject: entry.subject, ...entry.address(recipient) };
    }
    if (entry) {
      const values = valuesOf(recipient);
      return {
        subject: joinFilled(fill(entry.subject, values, (v) => v)),
        html: fill(entry.html, values, escapeHtml),
        text: fill(entry.text, values, (v) => v),
      };
    }
    const rendered = await options.render(delivery, recipient);
    if ('address' in rendered) return { subject: rendered.subject, ...rendered.address(recipient) };
    return {
      subject: rendered.subject,
      html: { chunks: [rendered.html], values: [] },
      text: { chunks: [rendered.text], values: [] },
    };
  }

  return {
    async compose(delivery, now) {
      const links = options.links(delivery.subscriberId, now);
      const { subject, html, text } = await parts(delivery, {
        email: delivery.email,
        name: delivery.name,
        unsubscribeUrl: links.unsubscribe,
        preferencesUrl: links.preferences,
      });
      const envelopeFrom = options.bounceAddress?.(delivery);
      const feedbackId = await options.feedbackId?.(delivery.runId);
      return {
        to: delivery.email,
        toName: delivery.name,
        subject: subject.replace(/\s+/g, ' ').trim(),
        html,
        text,
        messageId: delivery.messageId,
        date: now,
        listUnsubscribe: {
          https: links.unsubscribe,
          ...(links.mailto ? { mailto: links.mailto } : {}),
        },
        ...(envelopeFrom ? { envelopeFrom } : {}),
        ...(feedbackId ? { feedbackId } : {}),
      };
    },
  };
}

function createStandIns() {
  const nonce = randomBytes(12).toString('hex');
  const values: Record<Field, string> = {
    unsubscribe: `https://stand-in.invalid/${nonce}/u`,
    preferences: `https://stand-in.invalid/${nonce}/p`,
    email: `r${nonce}@stand-in.invalid`,
    name: `Reader${nonce}`,
  };
  const byText = new Map(FIELDS.map((field) => [values[field], field]));
  const pattern = new RegExp(FIELDS.map((field) => escapeRegExp(values[field])).join('|'), 'g');
  return { values, byText, pattern };
}

/** Null when the renderer did not show both links verbatim: it is then called per recipient. */
function cutAtStandIns(
  rendered: RenderedDigest,
  standIns: ReturnType<typeof createStandIns>,
): Entry | null {
  const { unsubscribe } = standIns.values;
  if (!rendered.html.includes(unsubscribe) || !rendered.text.includes(unsubscribe)) return null;
  const cut = (output: string): Cut => {
    const chunks: string[] = [];
    const fields: Field[] = [];
    let last = 0;
    for (const match of output.matchAll(standIns.pattern)) {
      chunks.push(output.slice(last, match.index));
      fields.push(standIns.byText.get(match[0]) as Field);
      last = match.index + match[0].length;
    }
    chunks.push(output.slice(last));
    return { chunks, fields };
  };
  return { subject: cut(rendered.subject), html: cut(rendered.html), text: cut(rendered.text) };
}

function valuesOf(recipient: Recipient): Record<Field, string> {
  return {
    unsubscribe: recipient.unsubscribeUrl,
    preferences: recipient.preferencesUrl,
    email: recipient.email,
    name: recipient.name ?? '',
  };
}

function fill(
  cut: Cut,
  values: Record<Field, string>,
  escapeValue: (value: string) => string,
): Filled {
  return { chunks: cut.chunks, values: cut.fields.map((field) => escapeValue(values[field])) };
}

/** The whole text of a filled body. */
export function joinFilled(filled: Filled): string {
  let out = filled.chunks[0] ?? '';
  for (let i = 0; i < filled.values.length; i++) {
    out += (filled.values[i] ?? '') + (filled.chunks[i + 1] ?? '');
  }
  return out;
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
