/**
 * Escaping for what `feed` 6 (through xml-js) gets wrong. Each function fixes one gap, so the
 * formats can hand `feed` values it will write correctly.
 */

/** Text for an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text
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
  return text.replace(/&amp;/g, '&amp;amp;');
}

/**
 * xml-js splits only the first `]]>` in a CDATA section; a second one would end it early. In
 * HTML, `]]&gt;` reads the same as `]]>`, so the HTML that goes into CDATA never contains it.
 */
export function cdataHtml(html: string): string {
  return html.replace(/]]>/g, ']]&gt;');
}
