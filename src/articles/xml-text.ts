/**
 * Characters no feed may carry. XML 1.0's `Char` production (section 2.2) leaves out the C0
 * controls but tab and line breaks, lone surrogates, U+FFFE and U+FFFF; a single one makes a
 * whole document not well-formed, and readers drop it or an unrelated item. The same section
 * discourages the C1 controls (U+007F–U+009F, shown as `…` or `€` where a reader guesses
 * windows-1252) and the Unicode noncharacters (U+FDD0–U+FDEF, and the last two code points of
 * every plane): those go too. With the `u` flag, `[\uD800-\uDFFF]` matches only a lone
 * surrogate; a pair is one code point above U+FFFF.
 */
const NOT_FOR_XML =
  /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/gu;

/** A cheap test first: almost every text has none, and then no copy is made. */
const ANY_NOT_FOR_XML = new RegExp(NOT_FOR_XML.source, 'u');

/** The text without the characters a feed cannot carry (see `NOT_FOR_XML`). */
export function xmlSafe(text: string): string {
  return ANY_NOT_FOR_XML.test(text) ? text.replace(NOT_FOR_XML, '') : text;
}

/** The characters `xmlSafe` would remove, as `U+000C` names, in order, each once. */
export function charactersNotForXml(text: string): string[] {
  if (!ANY_NOT_FOR_XML.test(text)) return [];
  const names = new Set<string>();
  for (const [character] of text.matchAll(NOT_FOR_XML)) {
    const code = character.codePointAt(0) ?? 0;
    names.add(`U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  return [...names];
}

/** The warning for one field or line that lost characters, or undefined when it lost none. */
export function removalWarning(text: string, where: string): string | undefined {
  const removed = charactersNotForXml(text);
  if (removed.length === 0) return undefined;
  return `removed ${removed.join(', ')} from ${where}: characters a feed cannot carry`;
}
