import { Marked, type Tokens } from 'marked';
import markedFootnote from 'marked-footnote';
import { isAllowedImageUrl, sanitizeBody } from './sanitize.js';
import { escapeHtml } from './text.js';
import { xmlSafe } from './xml-text.js';

/**
 * Markdown (GFM, with footnotes by `marked-footnote`) to the HTML every feed and page carries.
 * Raw HTML in the Markdown is shown as text: an article file must not be able to put a script, a
 * form or a style into every feed and page. An image whose source `sanitize-html` would drop
 * becomes its alt text; everything `marked` writes then goes through `sanitizeBody`.
 */
const markdown = new Marked({
  async: false,
  gfm: true,
  renderer: {
    html: (token) => escapeHtml(token.text),
    image: (token: Tokens.Image) =>
      isAllowedImageUrl(token.href) ? false : escapeHtml(token.text),
  },
});
markdown.use(markedFootnote());

/** The body's HTML, and whether sanitizing had to remove characters a feed cannot carry. */
export function markdownHtml(body: string): { html: string; removed: boolean } {
  const html = sanitizeBody(markdown.parse(body) as string).trim();
  // Entities (`&#xFFFE;`) are decoded by the sanitizer: what they stood for is checked again.
  const safe = xmlSafe(html);
  return { html: safe, removed: safe !== html };
}
