/**
 * A digest's web view is kept as rendered, links and all; it is served with the links pointing
 * at the site URL of the day, so moving the site (or a first send made before the URL was set)
 * never leaves a web view of dead links.
 */

/**
 * The site URL `html` was rendered with: the one noted when it was kept, else the base of its
 * own "view in browser" link (`BASE/digests/ID`); undefined when neither says.
 */
export function renderedSiteUrl(
  html: string,
  id: string,
  noted: string | null,
): string | undefined {
  if (noted) return noted;
  const own = new RegExp(`href="(https?://[^"\\s]+?)/digests/${id}"`).exec(html);
  return own?.[1];
}

/** `html` with every URL under `from` moved under `to`. */
export function rebaseLinks(html: string, from: string, to: string): string {
  if (from === to) return html;
  // Only `from` as a whole origin and path: `http://a.example` must not match `http://a.example.org`.
  const pattern = new RegExp(`${escapeRegExp(from)}(?=[/"'<>\\s?#]|$)`, 'g');
  return html.replace(pattern, to);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
