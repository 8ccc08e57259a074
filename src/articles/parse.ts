import { parseMarkdown } from './parse-markdown.js';
import { parseSeed } from './parse-seed.js';
import { decodeLines } from './text.js';
import { ArticleProblem, type ParseOptions, type ParseResult } from './types.js';

export const ARTICLE_EXTENSIONS = ['.txt', '.md', '.markdown'];

/**
 * One file's bytes to an article, or the problem with it. Never throws: whatever the bytes, the
 * answer is a result, so one bad file cannot stop the others from being published.
 */
export function parseArticle(path: string, bytes: Uint8Array, options: ParseOptions): ParseResult {
  try {
    const lines = decodeLines(path, bytes);
    if (lines instanceof ArticleProblem) return { ok: false, problem: lines };
    const id = articleIdOf(path);
    const parsed = /\.(md|markdown)$/i.test(path)
      ? parseMarkdown(id, path, lines, options)
      : parseSeed(id, path, lines, options);
    return parsed instanceof ArticleProblem
      ? { ok: false, problem: parsed }
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
