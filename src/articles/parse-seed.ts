import { categorySlug } from './category.js';
import { parseArticleDate } from './date.js';
import { idSlug, slugify } from './slug.js';
import { blocks, escapeHtml, type Line } from './text.js';
import { type Article, ArticleProblem, type ParseOptions, type RelatedTeaser } from './types.js';

const DATE_LINE = /^(?:updated|published|date)\s*:\s*(.*)$/i;
const BYLINE = /^by\b\s*(.*)$/i;

/**
 * The seed format (its lines already free of what XML cannot carry): breadcrumb, title, `Updated : date`, `By ( source )`, one paragraph per line,
 * then trailing related-story teasers (headline block, blurb block), all separated by blank lines.
 */
export function parseSeed(
  id: string,
  path: string,
  lines: Line[],
  options: ParseOptions,
): Article | ArticleProblem {
  const parts = blocks(lines);
  const [crumbBlock, titleBlock, dateBlock] = parts;
  if (!crumbBlock) return new ArticleProblem(path, 1, 'empty file');
  const crumbLine = crumbBlock[0] as Line;
  const segments = crumbLine.text.split('>').map((segment) => segment.trim().replace(/\s+/g, ' '));
  const categoryName = segments.filter((segment) => segment !== '').at(-1) ?? '';
  if (!categoryName) {
    return new ArticleProblem(
      path,
      crumbLine.number,
      'missing category (breadcrumb like "Home>News")',
    );
  }
  if (crumbBlock.length > 1) {
    const extra = crumbBlock[1] as Line;
    return new ArticleProblem(path, extra.number, 'expected a blank line after the breadcrumb');
  }
  if (!titleBlock || DATE_LINE.test(titleBlock[0]?.text ?? '')) {
    const at = titleBlock?.[0]?.number ?? lastLine(lines);
    return new ArticleProblem(path, at, 'missing title');
  }
  const title = titleBlock.map((line) => line.text).join(' ');
  const dateLine = dateBlock?.[0];
  const dateMatch = dateLine ? DATE_LINE.exec(dateLine.text) : null;
  if (!dateLine || !dateMatch) {
    return new ArticleProblem(
      path,
      dateLine?.number ?? lastLine(lines),
      'missing date (a line like "Updated : 2024-06-21")',
    );
  }
  const date = parseArticleDate(dateMatch[1] ?? '', options.timezone);
  if (!date) {
    return new ArticleProblem(
      path,
      dateLine.number,
      `date "${dateMatch[1]}" does not parse (use YYYY-MM-DD [HH:MM])`,
    );
  }

  let rest = parts.slice(3);
  let byline = '';
  const bylineMatch = rest[0]?.length === 1 ? BYLINE.exec(rest[0][0]?.text ?? '') : null;
  if (bylineMatch) {
    byline = (bylineMatch[1] ?? '').replace(/^\(\s*|\s*\)$/g, '').trim();
    rest = rest.slice(1);
  }
  const [bodyBlock, ...teaserBlocks] = rest;
  if (!bodyBlock) return new ArticleProblem(path, lastLine(lines), 'missing body');
  const paragraphs = bodyBlock.map((line) => line.text);

  const related: RelatedTeaser[] = [];
  for (let i = 0; i < teaserBlocks.length; i += 2) {
    const headline = (teaserBlocks[i] ?? []).map((line) => line.text).join(' ');
    const blurb = (teaserBlocks[i + 1] ?? []).map((line) => line.text).join(' ');
    related.push({ headline, blurb });
  }

  return {
    id,
    slug: slugify(title) || idSlug(id),
    title,
    category: { name: categoryName, slug: categorySlug(categoryName) },
    date,
    byline,
    paragraphs,
    bodyHtml: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
    summary: paragraphs[0] ?? '',
    related,
    sourcePath: path,
  };
}

function lastLine(lines: Line[]): number {
  return lines.at(-1)?.number ?? 1;
}
