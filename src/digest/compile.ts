import Handlebars from 'handlebars';
import mjml2html from 'mjml';

/** A digest template that does not compile: which file, and why. */
export class DigestTemplateError extends Error {
  constructor(
    readonly template: string,
    readonly reason: string,
  ) {
    super(`template ${template}: ${reason}`);
    this.name = 'DigestTemplateError';
  }
}

/**
 * Handlebars with HTML escaping for the MJML template and none for the text twin. Strict, so a
 * misspelt field in an edited template fails the preview instead of vanishing from every email.
 */
export function compileHandlebars(
  source: string,
  name: string,
  escapeHtml: boolean,
): (data: unknown) => string {
  const handlebars = Handlebars.create();
  let template: Handlebars.TemplateDelegate;
  try {
    handlebars.parse(source);
    template = handlebars.compile(source, { strict: true, noEscape: !escapeHtml });
  } catch (error) {
    throw new DigestTemplateError(name, messageOf(error));
  }
  return (data) => {
    try {
      return template(data);
    } catch (error) {
      throw new DigestTemplateError(name, messageOf(error));
    }
  };
}

/**
 * MJML to HTML. mjml 5 compiles asynchronously and takes milliseconds: callers cache the result.
 * Strict validation: a broken template is refused, never sent half-rendered. No web fonts, so a
 * digest loads nothing from elsewhere.
 */
export async function compileMjml(mjml: string, name: string): Promise<string> {
  try {
    const result = await mjml2html(mjml, {
      validationLevel: 'strict',
      keepComments: false,
      fonts: {},
    });
    return result.html;
  } catch (error) {
    const details = (error as { errors?: { formattedMessage?: string }[] }).errors;
    const reason = details?.length
      ? details.map((detail) => detail.formattedMessage).join('; ')
      : messageOf(error);
    throw new DigestTemplateError(name, reason.trim());
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
