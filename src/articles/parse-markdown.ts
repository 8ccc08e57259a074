import { parse as parseYaml, YAMLParseError } from 'yaml';
import { categorySlug } from './category.js';
import { parseArticleDate } from './date.js';
import { markdownHtml } from './markdown-html.js';
import type { Warn } from './parse.js';
import { idSlug, slugify } from './slug.js';
import type { Line } from './text.js';
import { type Article, ArticleProblem, type ParseOptions, type RelatedTeaser } from './types.js';
import { removalWarning, xmlSafe } from './xml-text.js';

/**
 * Markdown with YAML front matter (`title`, `category`, `date`, `author`, `summary`, `slug`).
 * The lines are already free of what XML cannot carry; YAML escapes (`"\uFFFE"`) and HTML
 * entities can still bring it back, so each field and the body are checked again.
 */
export function parseMarkdown(
  id: string,
  path: string,
  lines: Line[],
  options: ParseOptions,
  warn: Warn = () => {},
): Article | ArticleProblem {
  const start = lines.findIndex((line) => line.text.trim() !== '');
  if (lines[start]?.text.trim() !== '---') {
    return new ArticleProblem(
      path,
      lines[start]?.number ?? 1,
      'missing front matter (a "---" line first)',
    );
  }
  const end = lines.findIndex((line, index) => index > start && line.text.trim() === '---');
  if (end < 0)
    return new ArticleProblem(
      path,
      lines[start]?.number ?? 1,
      'front matter is not closed by "---"',
    );
  const frontLines = lines.slice(start + 1, end);
  const firstFrontLine = lines[start + 1]?.number ?? 1;

  let meta: unknown;
  try {
    meta = parseYaml(frontLines.map((line) => line.text).join('\n'));
  } catch (error) {
    const yamlLine = error instanceof YAMLParseError ? (error.linePos?.[0]?.line ?? 1) : 1;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return new ArticleProblem(path, firstFrontLine + yamlLine - 1, `front matter: ${reason}`);
  }
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    return new ArticleProblem(path, firstFrontLine, 'front matter must be a YAML mapping');
  }
  const raw = meta as Record<string, unknown>;
  const lineOf = (key: string): number =>
    frontLines.find((line) => line.text.startsWith(`${key}:`))?.number ?? firstFrontLine;
  const fields = xmlSafeFields(raw, (key, reason) => warn(lineOf(key), reason));

  const title = text(fields.title);
  if (!title) return new ArticleProblem(path, lineOf('title'), 'missing title');
  const categoryName = text(fields.category).replace(/\s+/g, ' ');
  if (!categoryName) return new ArticleProblem(path, lineOf('category'), 'missing category');
  const date = readDate(fields.date, options.timezone);
  if (date === 'missing') return new ArticleProblem(path, lineOf('date'), 'missing date');
  if (date === 'invalid') {
    return new ArticleProblem(
      path,
      lineOf('date'),
      `date "${text(fields.date)}" does not parse (use YYYY-MM-DD [HH:MM])`,
    );
  }

  const body = lines
    .slice(end + 1)
    .map((line) => line.text)
    .join('\n')
    .trim();
  if (!body) return new ArticleProblem(path, lines.at(-1)?.number ?? 1, 'missing body');
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((block) => plainText(block))
    .filter((paragraph) => paragraph !== '');
  const bodyHtml = markdownHtml(body);
  if (bodyHtml.removed) {
    warn(
      lines.slice(end + 1).find((line) => line.text.trim() !== '')?.number ?? 1,
      'removed characters a feed cannot carry from the body (written as HTML entities)',
    );
  }
  const requestedSlug = slugify(text(fields.slug)) || undefined;

  return {
    id,
    slug: requestedSlug ?? (slugify(title) || idSlug(id)),
    requestedSlug,
    title,
    category: { name: categoryName, slug: categorySlug(categoryName) },
    date,
    byline: text(fields.author),
    paragraphs,
    bodyHtml: bodyHtml.html,
    summary: text(fields.summary) || (paragraphs.find((p) => !/^#/.test(p)) ?? ''),
    related: readRelated(fields.related),
    sourcePath: path,
  };
}

/** Every string in the front matter without what XML cannot carry; each removal is reported. */
function xmlSafeFields(
  fields: Record<string, unknown>,
  report: (key: string, reason: string) => void,
): Record<string, unknown> {
  const clean = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') {
      const reason = removalWarning(value, `the front matter's ${key}`);
      if (reason) report(key, reason);
      return reason ? xmlSafe(value) : value;
    }
    if (Array.isArray(value)) return value.map((item) => clean(item, key));
    if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v, key)]));
    }
    return value;
  };
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, clean(value, key)]));
}

function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  return '';
}

function readDate(value: unknown, timezone: string): Date | 'missing' | 'invalid' {
  if (value === undefined || value === null || value === '') return 'missing';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid' : value;
  return parseArticleDate(text(value), timezone) ?? 'invalid';
}

function readRelated(value: unknown): RelatedTeaser[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const fields = entry as Record<string, unknown>;
    const headline = text(fields.headline ?? fields.title);
    return headline ? [{ headline, blurb: text(fields.blurb ?? fields.summary) }] : [];
  });
}

/** Markdown block to plain text: enough for summaries and text emails, not a renderer. */
function plainText(block: string): string {
  return block
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^\s*(?:[-*+]|\d+\.)\s+/gm, '')
    .replace(/^>\s?/gm, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|`)(.+?)\1/g, '$2')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}
