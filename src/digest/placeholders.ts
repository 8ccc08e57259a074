import { randomBytes } from 'node:crypto';
import type { RecipientView } from './view.js';

/** The per-subscriber fields, in slot order. */
export const RECIPIENT_FIELDS = ['name', 'email', 'unsubscribeUrl', 'preferencesUrl'] as const;
type Field = (typeof RECIPIENT_FIELDS)[number];

/**
 * A compiled digest cut at its per-subscriber values: `literals[i]`, then the value of field
 * `slots[i]`, then `literals[i + 1]`... Filling it is a handful of string joins, not a compile.
 */
export interface SplitTemplate {
  literals: string[];
  slots: number[];
}

/**
 * Tokens that stand in for per-subscriber values while Handlebars and MJML run. Lower-case letters
 * and digits only, so no escaping, CSS inlining or attribute handling changes them; a random nonce
 * per renderer, so no article text can contain one by chance or on purpose.
 */
export function createPlaceholders(): {
  view: RecipientView;
  split(output: string): SplitTemplate;
} {
  const nonce = randomBytes(8).toString('hex');
  const token = (index: number) => `gzph${nonce}n${index}z`;
  const view = Object.fromEntries(
    RECIPIENT_FIELDS.map((field, index) => [field, token(index)]),
  ) as Record<Field, string>;
  const pattern = new RegExp(`gzph${nonce}n(\\d)z`, 'g');
  return {
    view,
    split(output) {
      const literals: string[] = [];
      const slots: number[] = [];
      let last = 0;
      for (const match of output.matchAll(pattern)) {
        literals.push(output.slice(last, match.index));
        slots.push(Number(match[1]));
        last = match.index + match[0].length;
      }
      literals.push(output.slice(last));
      return { literals, slots };
    },
  };
}

/** Joins the pieces with `values[slot]` (already escaped for the target). */
export function fill(template: SplitTemplate, values: readonly string[]): string {
  const { literals, slots } = template;
  let out = literals[0] as string;
  for (let i = 0; i < slots.length; i++) {
    out += (values[slots[i] as number] as string) + (literals[i + 1] as string);
  }
  return out;
}
