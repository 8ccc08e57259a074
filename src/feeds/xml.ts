import { xmlSafe } from '../articles/index.js';

/**
 * Escaping for what `feed` 6 (through xml-js) gets wrong. Each function fixes one gap, so the
 * formats can hand `feed` values it will write correctly. Every one of them also drops what XML
 * cannot carry (`xmlSafe`): articles are cleaned when parsed, but a document must stay
 * well-formed whatever text reaches it (the site's name, a caller's own articles).
 */

/** Text for an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * xml-js turns every `&amp;` in a text node back into `&` before escaping, so a literal "&amp;"
 * would come out as "&". Doubling it first makes the written text read back exactly.
 */
export function xmlJsText(text: string): string {
  return xmlSafe(text).replace(/&amp;/g, '&amp;amp;');
}

/**
 * xml-js splits only the first `]]>` in a CDATA section; a second one would end it early. In
 * HTML, `]]&gt;` reads the same as `]]>`, so the HTML that goes into CDATA never contains it.
 */
export function cdataHtml(html: string): string {
  return xmlSafe(html).replace(/]]>/g, ']]&gt;');
}

/*
 * What `feed` and xml-js write for one value, for the item writers that bypass them (see
 * `fragments.ts`). Each mirrors one function of theirs exactly; a test compares whole documents.
 */

/** xml-js `writeText`: `&amp;` is first turned back into `&`, then `&`, `<`, `>` are escaped. */
export function xmlJsTextNode(text: string): string {
  return xmlSafe(text)
    .replace(/&amp;/g, '&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** xml-js `writeCdata`: only the first `]]>` is split (`cdataHtml` leaves none). */
export function xmlJsCdata(text: string): string {
  return `<![CDATA[${xmlSafe(text).replace(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** xml-js `writeAttributes`: only `"` is escaped in a value. */
export function xmlJsAttribute(value: string): string {
  return xmlSafe(value).replace(/"/g, '&quot;');
}

/** `feed`'s `sanitizeUrl`: the URL as the WHATWG parser writes it, with `&` escaped. */
export function feedUrl(url: string): string {
  return new URL(url).toString().replace(/&/g, '&amp;');
}
