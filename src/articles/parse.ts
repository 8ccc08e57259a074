import { parseMarkdown } from './parse-markdown.js';
import { parseSeed } from './parse-seed.js';
import { decodeLines } from './text.js';
import { ArticleProblem, ArticleWarning, type ParseOptions, type ParseResult } from './types.js';

export const ARTICLE_EXTENSIONS = ['.txt', '.md', '.markdown'];

/** Records a warning at a line of the file being parsed. */
export type Warn = (line: number, reason: string) => void;

/**
 * One file's bytes to an article, or the problem with it. Never throws: whatever the bytes, the
 * answer is a result, so one bad file cannot stop the others from being published. What had to
 * be removed from a published article comes back as warnings.
 */
export function parseArticle(path: string, bytes: Uint8Array, options: ParseOptions): ParseResult {
  try {
    const decoded = decodeLines(path, bytes);
    if (decoded instanceof ArticleProblem) return { ok: false, problem: decoded };
    const warnings = decoded.removals.map(
      (removal) => new ArticleWarning(path, removal.line, removal.reason),
    );
    const warn: Warn = (line, reason) => warnings.push(new ArticleWarning(path, line, reason));
    const id = articleIdOf(path);
    const parsed = /\.(md|markdown)$/i.test(path)
      ? parseMarkdown(id, path, decoded.lines, options, warn)
      : parseSeed(id, path, decoded.lines, options);
    if (parsed instanceof ArticleProblem) return { ok: false, problem: parsed };
    return warnings.length > 0
      ? { ok: true, article: parsed, warnings: warnings.sort((a, b) => a.line - b.line) }
      : { ok: true, article: parsed };
  } catch (error) {
    // A parser bug must still not hide the other files; report it against this one.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: new ArticleProblem(path, 1, `could not be read: ${reason}`) };
  }
}

/** The stable id: the path relative to the store, without its extension. */
export function articleIdOf(path: string): string {
  return path.replace(/\\/g, '/').replace(/\.[^./]+$/, '');
}
