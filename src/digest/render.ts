import { assemble } from './assemble.js';
import { checkLayout, RECIPIENT_GAPS } from './check-layout.js';
import { compileHandlebars } from './compile.js';
import { type Cut, fillCut, joinFilled, type RecipientValues } from './cut.js';
import { compileTemplateLayout, type LayoutPlan } from './layout.js';
import { type ContentCuts, createPerContent } from './per-content.js';
import { digestIdOf } from './select.js';
import type {
  DigestRecipient,
  DigestSelection,
  DigestTemplates,
  FilledPart,
  RenderedDigest,
  UnaddressedDigest,
} from './types.js';
import { createViewBuilder, type ViewOptions } from './view.js';

export interface DigestRendererOptions extends ViewOptions {
  templates: DigestTemplates;
  /** Stands in for a recipient without a name ("Hello reader"). */
  fallbackName?: string;
  /** Per-content compiles kept, for a template without a layout (least recently used dropped). */
  cacheSize?: number;
}

/** How digests are built: assembled from a layout compiled once, or compiled per content. */
export type LayoutMode = { kind: 'layout' } | { kind: 'per-content'; reason: string };

export interface DigestRenderer {
  render(selection: DigestSelection, recipient: DigestRecipient): Promise<RenderedDigest>;
  /** The copy kept for `/digests/{id}`: no subscriber's links, address or name in it. */
  renderWebView(selection: DigestSelection): Promise<RenderedDigest>;
  /** The digest for no one yet; `address` fills in a recipient's values by position. */
  layOut(selection: DigestSelection): Promise<UnaddressedDigest>;
  /** Settles on the first use: checks the layout against full compiles of sample digests. */
  mode(): Promise<LayoutMode>;
  /** MJML compiles so far. */
  readonly compiles: number;
}

/**
 * Renders digests. MJML runs over the template once: each digest is then assembled from the
 * compiled layout and its escaped values, and each copy only adds the recipient's values. A
 * template whose layout cannot be compiled once is compiled per distinct content instead.
 */
export function createDigestRenderer(options: DigestRendererOptions): DigestRenderer {
  const siteUrl = options.siteUrl.replace(/\/+$/, '');
  const fallbackName = options.fallbackName ?? 'reader';
  // Parsed now, so a syntax error stops the caller before anything is sent.
  const mjml = compileHandlebars(options.templates.mjml, 'digest.mjml', true);
  const text = compileHandlebars(options.templates.text, 'digest.txt', false);
  const view = createViewBuilder({ ...options, siteUrl });
  let compiles = 0;
  const onCompile = () => {
    compiles++;
  };
  const perContent = createPerContent({
    mjml,
    text,
    view: (selection, recipient) => view(selection, digestIdOf(selection.key), recipient),
    cacheSize: options.cacheSize ?? 2000,
    onCompile,
  });
  let planned: Promise<LayoutPlan> | undefined;
  const plan = () => {
    planned ??= checkLayout(
      async () => {
        onCompile();
        return compileTemplateLayout(options.templates.mjml, options.templates.text);
      },
      { view, fullCompile: perContent.cuts },
    );
    return planned;
  };

  async function cutsOf(selection: DigestSelection): Promise<ContentCuts> {
    const layout = await plan();
    if (layout.kind === 'per-content') return perContent.cuts(selection);
    const data = view(selection, digestIdOf(selection.key), RECIPIENT_GAPS);
    return {
      subject: data.subject,
      html: assemble(layout.html, data),
      text: assemble(layout.text, data),
    };
  }

  async function layOut(selection: DigestSelection): Promise<UnaddressedDigest> {
    const cuts = await cutsOf(selection);
    return {
      digestId: digestIdOf(selection.key),
      subject: cuts.subject,
      address: (recipient) => addressed(cuts.html, cuts.text, valuesOf(recipient)),
    };
  }

  function valuesOf(recipient: DigestRecipient): RecipientValues {
    return {
      name: recipient.name?.trim() || fallbackName,
      email: recipient.email,
      unsubscribeUrl: checkedUrl(recipient.unsubscribeUrl, 'unsubscribeUrl'),
      preferencesUrl: checkedUrl(recipient.preferencesUrl, 'preferencesUrl'),
    };
  }

  async function joined(selection: DigestSelection, values: RecipientValues) {
    const cuts = await cutsOf(selection);
    const parts = addressed(cuts.html, cuts.text, values);
    return {
      digestId: digestIdOf(selection.key),
      subject: cuts.subject,
      html: joinFilled(parts.html),
      text: joinFilled(parts.text),
    };
  }

  return {
    async render(selection, recipient) {
      return joined(selection, valuesOf(recipient));
    },
    renderWebView(selection) {
      // Anyone with the link may read the web view: it points to the page that emails a
      // preferences link, never to one subscriber's tokens.
      const manage = `${siteUrl}/manage`;
      return joined(selection, {
        name: fallbackName,
        email: 'you',
        unsubscribeUrl: manage,
        preferencesUrl: manage,
      });
    },
    layOut,
    async mode() {
      const layout = await plan();
      return layout.kind === 'layout' ? { kind: 'layout' } : layout;
    },
    get compiles() {
      return compiles;
    },
  };
}

function addressed(
  html: Cut,
  text: Cut,
  values: RecipientValues,
): {
  html: FilledPart;
  text: FilledPart;
} {
  return { html: fillCut(html, values, 'html'), text: fillCut(text, values, 'text') };
}

/** Only web links go into a digest: a `javascript:` or relative URL is a caller's bug. */
function checkedUrl(url: string, field: string): string {
  if (!/^https?:\/\/[^\s"'<>]+$/i.test(url)) {
    throw new Error(`digest recipient: ${field} must be an absolute http(s) URL`);
  }
  return url;
}
