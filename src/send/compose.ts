import type {
  BounceAddress,
  FeedbackIdFor,
  Filled,
  LinksFor,
  MailMessage,
  RenderDigest,
} from './ports.js';
import type { Delivery } from './types.js';

/**
 * Renders each distinct digest once and fills in only what differs per recipient. The renderer
 * is called with stand-in values; its output is split where they appear, so a message is the
 * shared chunks plus a few escaped values. If the renderer does not show a stand-in verbatim
 * (both links must appear), that digest is rendered per recipient instead.
 */

const SLOTS = {
  unsubscribe: 'https://slot.invalid/u9q7x',
  preferences: 'https://slot.invalid/p9q7x',
  email: 'slot9q7x@slot.invalid',
  name: 'Slot9q7xName',
} as const;
type Slot = keyof typeof SLOTS;
const SLOT_BY_TEXT = new Map<string, Slot>(
  Object.entries(SLOTS).map(([slot, text]) => [text, slot as Slot]),
);
const SLOT_PATTERN = new RegExp(Object.values(SLOTS).map(escapeRegExp).join('|'), 'g');

interface Template {
  chunks: string[];
  slots: Slot[];
}
interface Entry {
  subject: Template;
  html: Template;
  text: Template;
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
  const cache = new Map<string, Entry | null>();
  const cacheSize = options.cacheSize ?? 64;

  async function entryFor(delivery: Delivery): Promise<Entry | null> {
    const key = `${delivery.articleIds.join(',')}|${delivery.moreCount}|${delivery.name ? 1 : 0}`;
    const cached = cache.get(key);
    if (cached !== undefined) {
      cache.delete(key);
      cache.set(key, cached);
      return cached;
    }
    const rendered = await options.render(delivery, {
      email: SLOTS.email,
      name: delivery.name ? SLOTS.name : null,
      unsubscribeUrl: SLOTS.unsubscribe,
      preferencesUrl: SLOTS.preferences,
    });
    const usable =
      rendered.html.includes(SLOTS.unsubscribe) && rendered.text.includes(SLOTS.unsubscribe);
    const entry = usable
      ? {
          subject: split(rendered.subject),
          html: split(rendered.html),
          text: split(rendered.text),
        }
      : null;
    cache.set(key, entry);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
    return entry;
  }

  return {
    async compose(delivery, now) {
      const links = options.links(delivery.subscriberId, now);
      const values: Record<Slot, string> = {
        unsubscribe: links.unsubscribe,
        preferences: links.preferences,
        email: delivery.email,
        name: delivery.name ?? '',
      };
      const entry = await entryFor(delivery);
      let subject: string;
      let html: Filled;
      let text: Filled;
      if (entry) {
        subject = joinFilled(fill(entry.subject, values, (v) => v));
        html = fill(entry.html, values, escapeHtml);
        text = fill(entry.text, values, (v) => v);
      } else {
        const rendered = await options.render(delivery, {
          email: delivery.email,
          name: delivery.name,
          unsubscribeUrl: links.unsubscribe,
          preferencesUrl: links.preferences,
        });
        subject = rendered.subject;
        html = { chunks: [rendered.html], values: [] };
        text = { chunks: [rendered.text], values: [] };
      }
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

function split(rendered: string): Template {
  const chunks: string[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const match of rendered.matchAll(SLOT_PATTERN)) {
    chunks.push(rendered.slice(last, match.index));
    slots.push(SLOT_BY_TEXT.get(match[0]) as Slot);
    last = match.index + match[0].length;
  }
  chunks.push(rendered.slice(last));
  return { chunks, slots };
}

function fill(
  template: Template,
  values: Record<Slot, string>,
  escapeValue: (value: string) => string,
): Filled {
  return {
    chunks: template.chunks,
    values: template.slots.map((slot) => escapeValue(values[slot])),
  };
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
