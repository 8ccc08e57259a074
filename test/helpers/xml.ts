import { SaxesParser } from 'saxes';

/**
 * The well-formedness errors of an XML document, read by `saxes`, a strict XML 1.0 parser with
 * namespaces (it checks every character against XML's `Char` production, as feed readers'
 * parsers do). Empty when the document is well-formed.
 */
export function xmlErrors(document: string, name = 'document'): string[] {
  const errors: string[] = [];
  const parser = new SaxesParser({ xmlns: true, fileName: name });
  parser.on('error', (error) => errors.push(error.message));
  parser.write(document).close();
  return errors;
}
