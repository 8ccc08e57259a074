import { escapeHtml } from '../articles/index.js';
import { compileHandlebars, compileMjml } from './compile.js';
import { createPlaceholders, fill, RECIPIENT_FIELDS, type SplitTemplate } from './placeholders.js';
import { digestIdOf } from './select.js';
import type { DigestRecipient, DigestSelection, DigestTemplates, RenderedDigest } from './types.js';
import { buildDigestView, type RecipientView, type ViewOptions } from './view.js';

export interface DigestRendererOptions extends ViewOptions {
  templates: DigestTemplates;
  /** Stands in for a recipient without a name ("Hello reader"). */
  fallbackName?: string;
  /** Compiled digests kept (least recently used dropped first). */
  cacheSize?: number;
}

export interface DigestRenderer {
  /** Async because mjml 5 compiles asynchronously; only a new content key compiles. */
  render(selection: DigestSelection, recipient: DigestRecipient): Promise<RenderedDigest>;
  /** The copy kept for `/digests/{id}`: no subscriber's links, address or name in it. */
  renderWebView(selection: DigestSelection): Promise<RenderedDigest>;
  /** MJML compiles so far. */
  readonly compiles: number;
}

interface Compiled {
  digestId: string;
  subject: string;
  html: SplitTemplate;
  text: SplitTemplate;
}

/**
 * Renders digests. MJML runs once per distinct content (the same articles in the same order);
 * each copy then only substitutes the recipient's escaped values into the compiled pieces.
 */
export function createDigestRenderer(options: DigestRendererOptions): DigestRenderer {
  const siteUrl = options.siteUrl.replace(/\/+$/, '');
  const viewOptions = { ...options, siteUrl };
  const fallbackName = options.fallbackName ?? 'reader';
  const cacheSize = options.cacheSize ?? 2000;
  const mjmlTemplate = compileHandlebars(options.templates.mjml, 'digest.mjml', true);
  const textTemplate = compileHandlebars(options.templates.text, 'digest.txt', false);
  const placeholders = createPlaceholders();
  const dateFormat = new Intl.DateTimeFormat(options.language, {
    dateStyle: 'medium',
    timeZone: options.timezone,
  });
  const cache = new Map<string, Promise<Compiled>>();
  let compiles = 0;

  async function compile(selection: DigestSelection): Promise<Compiled> {
    const digestId = digestIdOf(selection.key);
    const view = buildDigestView(selection, digestId, placeholders.view, viewOptions, dateFormat);
    const mjml = mjmlTemplate(view);
    const text = textTemplate(view);
    compiles++;
    const html = await compileMjml(mjml, 'digest.mjml');
    return {
      digestId,
      subject: view.subject,
      html: placeholders.split(html),
      text: placeholders.split(text),
    };
  }

  function compiled(selection: DigestSelection): Promise<Compiled> {
    let entry = cache.get(selection.key);
    if (entry) {
      cache.delete(selection.key); // re-inserted below: most recently used last
    } else {
      entry = compile(selection);
      // A failed compile is not kept: a fixed template or a retry compiles again.
      entry.catch(() => cache.delete(selection.key));
    }
    cache.set(selection.key, entry);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
    return entry;
  }

  async function fillIn(selection: DigestSelection, values: RecipientView) {
    const entry = await compiled(selection);
    const html = RECIPIENT_FIELDS.map((field) => escapeHtml(values[field]));
    const text = RECIPIENT_FIELDS.map((field) => values[field].replace(/[\r\n]+/g, ' '));
    return {
      digestId: entry.digestId,
      subject: entry.subject,
      html: fill(entry.html, html),
      text: fill(entry.text, text),
    };
  }

  return {
    async render(selection, recipient) {
      return fillIn(selection, {
        name: recipient.name?.trim() || fallbackName,
        email: recipient.email,
        unsubscribeUrl: checkedUrl(recipient.unsubscribeUrl, 'unsubscribeUrl'),
        preferencesUrl: checkedUrl(recipient.preferencesUrl, 'preferencesUrl'),
      });
    },
    async renderWebView(selection) {
      // Anyone with the link may read the web view: it points to the page that emails a
      // preferences link, never to one subscriber's tokens.
      const manage = `${siteUrl}/manage`;
      return fillIn(selection, {
        name: fallbackName,
        email: 'you',
        unsubscribeUrl: manage,
        preferencesUrl: manage,
      });
    },
    get compiles() {
      return compiles;
    },
  };
}

/** Only web links go into a digest: a `javascript:` or relative URL is a caller's bug. */
function checkedUrl(url: string, field: string): string {
  if (!/^https?:\/\/[^\s"'<>]+$/i.test(url)) {
    throw new Error(`digest recipient: ${field} must be an absolute http(s) URL`);
  }
  return url;
}
