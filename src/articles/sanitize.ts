import sanitizeHtml from 'sanitize-html';

/**
 * What an article body may hold, enforced by `sanitize-html` rather than by rules of our own:
 * links only to `http`, `https`, `mailto` and relative URLs, images only from `http`, `https`
 * and relative URLs. The library decodes entities and ignores case and the characters browsers
 * skip before it reads a scheme, so `jav&#x61;script:` and `JaVaScRiPt:` go as `javascript:`
 * does. A link that loses its URL keeps its text (`excludeTag`).
 */
const BODY: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'del', 'ins'],
  allowedAttributes: {
    a: [
      'href',
      'title',
      'id',
      'aria-describedby',
      'aria-label',
      'data-footnote-ref',
      'data-footnote-backref',
    ],
    img: ['src', 'alt', 'title'],
    ol: ['start'],
    li: ['id'],
    h2: ['id'],
    section: ['data-footnotes'],
    td: ['align'],
    th: ['align'],
  },
  allowedClasses: { section: ['footnotes'], h2: ['sr-only'] },
  allowedSchemes: [],
  allowedSchemesByTag: { a: ['http', 'https', 'mailto'], img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
  exclusiveFilter: (frame) => {
    if (frame.tag === 'a' && !frame.attribs.href && !frame.attribs.id) return 'excludeTag';
    return frame.tag === 'img' && !frame.attribs.src;
  },
};

/** An article body's HTML as readers and the article page may show it. */
export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, BODY);
}

/** Whether an image from `url` would be kept: `sanitize-html` answers, on a one-image body. */
export function isAllowedImageUrl(url: string): boolean {
  const probe = `<img src="${url.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">`;
  return /\ssrc="/.test(sanitizeBody(probe));
}

/** An attribute that may hold a relative URL: one that does not start with a scheme. */
const RELATIVE = /\s(?:href|src)="(?![a-z][a-z0-9+.-]*:)/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The body with every relative link and image made absolute against `base` (the article's own
 * URL), as the W3C asks of feeds, whose readers have no base to resolve against. Bodies are
 * sanitized first, so this runs on markup `sanitize-html` wrote, and only when one is there.
 */
export function absoluteUrls(html: string, base: string): string {
  if (!RELATIVE.test(html)) return html;
  const resolve = (value: string | undefined): string | undefined => {
    if (value === undefined || SCHEME.test(value)) return value;
    try {
      return new URL(value, base).toString();
    } catch {
      return undefined; // a URL that does not resolve is no link
    }
  };
  return sanitizeHtml(html, {
    ...BODY,
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: withUrl(attribs, 'href', resolve(attribs.href)),
      }),
      img: (tagName, attribs) => ({
        tagName,
        attribs: withUrl(attribs, 'src', resolve(attribs.src)),
      }),
    },
  });
}

function withUrl(
  attribs: sanitizeHtml.Attributes,
  name: string,
  value: string | undefined,
): sanitizeHtml.Attributes {
  const { [name]: _old, ...rest } = attribs;
  return value === undefined ? rest : { ...rest, [name]: value };
}
