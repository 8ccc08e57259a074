import { escapeHtml } from '../../articles/index.js';

/** Marks text as HTML already, so `html` inserts it as is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Value = string | number | Html | undefined | null | false | Value[];

/** A template tag: interpolated text is escaped; `Html` values and arrays of them are not. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(out);
}

/** Trusted HTML, such as an article body the parser already made safe. */
export function raw(value: string): Html {
  return new Html(value);
}

function render(value: Value): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}
