/**
 * The address rules: deliberately narrower than RFC 5322. No quoted local parts, comments, IP
 * literals or non-ASCII: what remains can go into a header without escaping, and nothing a
 * header-injection attempt needs (CR, LF, `<`, `>`, `,`, `;`, `"`, spaces) gets through.
 */
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * The stored form of an address: surrounding spaces and tabs trimmed (never CR or LF: those are
 * refused wherever they are), the domain lower-cased, the local part kept as written (it may be
 * case-sensitive). Null when the input is not an address Gazette will send to.
 */
export function normaliseEmail(input: string): string | null {
  if (typeof input !== 'string') return null;
  const trimmed = input.replace(/^[ \t]+|[ \t]+$/g, '');
  if (trimmed.length > 254) return null;
  const at = trimmed.lastIndexOf('@');
  if (at <= 0) return null;
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1).toLowerCase();
  if (local.length > 64 || !LOCAL.test(local)) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return null;
  if (!TOP_LEVEL.test(labels[labels.length - 1] as string)) return null;
  return `${local}@${domain}`;
}
