import { escapeHtml } from '../articles/index.js';

/** The per-subscriber values of a digest. */
export const RECIPIENT_FIELDS = ['name', 'email', 'unsubscribeUrl', 'preferencesUrl'] as const;
export type RecipientField = (typeof RECIPIENT_FIELDS)[number];
export type RecipientValues = Record<RecipientField, string>;

/**
 * Where a recipient's value goes. Gaps are told apart from content by identity, never by text:
 * nothing an article says can become one.
 */
export interface RecipientGap {
  readonly field: RecipientField;
}

/** Content already escaped for its part, or the place of a recipient's value. */
export type Gap = string | RecipientGap;

/**
 * A rendered part cut where messages differ: `chunks[0]`, `gaps[0]`, `chunks[1]`, ... (one chunk
 * more than gaps). Chunks come from the compiled layout and are the same strings in every digest
 * of that layout, so whatever encodes them can do it once.
 */
export interface Cut {
  chunks: string[];
  gaps: Gap[];
}

const GAPS = new Map<RecipientField, RecipientGap>(
  RECIPIENT_FIELDS.map((field) => [field, Object.freeze({ field })]),
);
const GAP_OBJECTS = new Set<unknown>(GAPS.values());

/** One shared object per field, so a view can hold them as values. */
export function recipientGap(field: RecipientField): RecipientGap {
  return GAPS.get(field) as RecipientGap;
}

export function isRecipientGap(value: unknown): value is RecipientGap {
  return GAP_OBJECTS.has(value);
}

/**
 * The cut with a recipient's values in their gaps: the shared chunks as they are, so a mailer can
 * reuse their encoding. An HTML part escapes every value (even one a template printed with
 * `{{{ }}}`: a name is what a stranger typed in a form); a text part keeps each on its line.
 */
export function fillCut(
  cut: Cut,
  values: RecipientValues,
  part: 'html' | 'text',
): { chunks: readonly string[]; values: readonly string[] } {
  const filled = cut.gaps.map((gap) => {
    if (typeof gap === 'string') return gap;
    const value = values[gap.field];
    return part === 'html' ? escapeHtml(value) : value.replace(/[\r\n]+/g, ' ');
  });
  return { chunks: cut.chunks, values: filled };
}

/** The whole text of a filled cut. */
export function joinFilled(filled: {
  chunks: readonly string[];
  values: readonly string[];
}): string {
  const { chunks, values } = filled;
  let out = chunks[0] ?? '';
  for (let i = 0; i < values.length; i++) out += (values[i] as string) + (chunks[i + 1] as string);
  return out;
}
