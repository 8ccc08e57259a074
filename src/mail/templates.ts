import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

/** `templates/` at the package root, from `src/mail/` and from the compiled `dist/mail/` alike. */
export const defaultTemplatesDir = fileURLToPath(new URL('../../templates/', import.meta.url));

export interface RenderedTemplate {
  html: string;
  text: string;
}

export type TemplateRenderer = (
  name: string,
  data: Record<string, unknown>,
) => Promise<RenderedTemplate>;

interface Compiled {
  mjml: Handlebars.TemplateDelegate;
  text: Handlebars.TemplateDelegate;
}

/**
 * Renders `NAME.mjml` and its plain-text twin `NAME.txt` from `dir`. Handlebars is the one
 * template language for both: it fills the MJML source (escaping values as HTML), then MJML
 * makes the HTML; the text twin is filled without HTML escaping. Templates are read and compiled
 * once; MJML errors throw, so a broken template never goes out half-rendered.
 */
export function createTemplateRenderer(dir: string = defaultTemplatesDir): TemplateRenderer {
  const handlebars = Handlebars.create();
  const compiled = new Map<string, Promise<Compiled>>();

  async function load(name: string): Promise<Compiled> {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`templates: bad name "${name}"`);
    const [mjml, text] = await Promise.all([
      readFile(join(dir, `${name}.mjml`), 'utf8'),
      readFile(join(dir, `${name}.txt`), 'utf8'),
    ]);
    return {
      mjml: handlebars.compile(mjml, { strict: true }),
      text: handlebars.compile(text, { strict: true, noEscape: true }),
    };
  }

  return async (name, data) => {
    let template = compiled.get(name);
    if (!template) {
      template = load(name);
      compiled.set(name, template);
      // A template that failed to load is read again next time (it may have been fixed).
      template.catch(() => compiled.delete(name));
    }
    const { mjml, text } = await template;
    // Loaded on first use: MJML is large, and most commands never render an email.
    const { default: mjml2html } = await import('mjml');
    const result = await mjml2html(mjml(data), { validationLevel: 'strict', filePath: dir });
    return { html: result.html, text: text(data) };
  };
}
