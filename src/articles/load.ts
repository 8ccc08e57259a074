import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ARTICLE_EXTENSIONS, parseArticle } from './parse.js';
import { assembleStore } from './store.js';
import {
  ArticleProblem,
  type ArticleStore,
  MAX_ARTICLE_BYTES,
  type ParseOptions,
  type ParseResult,
} from './types.js';

/** Parse results by path, reused while a file's size and mtime are unchanged. */
export type ParseCache = Map<string, { size: number; mtimeMs: number; result: ParseResult }>;

/**
 * Reads the article store: every `.txt` and `.md` file below `dir` (hidden files skipped).
 * A file that cannot be read becomes a problem; the others are still returned.
 */
export async function loadArticles(
  dir: string,
  options: ParseOptions,
  cache: ParseCache = new Map(),
): Promise<ArticleStore> {
  const paths = await listArticleFiles(dir);
  const results = await Promise.all(paths.map((path) => readOne(dir, path, options, cache)));
  const present = new Set(paths); // a Set: `includes` made this quadratic in the store's size
  for (const path of cache.keys()) if (!present.has(path)) cache.delete(path);
  return assembleStore(results);
}

async function listArticleFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter(
      (entry) =>
        entry.isFile() && ARTICLE_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext)),
    )
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => !path.split('/').some((part) => part.startsWith('.')))
    .sort();
}

async function readOne(
  dir: string,
  path: string,
  options: ParseOptions,
  cache: ParseCache,
): Promise<ParseResult> {
  const full = join(dir, path);
  try {
    const info = await stat(full);
    const cached = cache.get(path);
    if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs)
      return cached.result;
    const result: ParseResult =
      info.size > MAX_ARTICLE_BYTES
        ? {
            ok: false,
            problem: new ArticleProblem(
              path,
              1,
              `file is ${info.size} bytes; the limit is ${MAX_ARTICLE_BYTES}`,
            ),
          }
        : parseArticle(path, await readFile(full), options);
    cache.set(path, { size: info.size, mtimeMs: info.mtimeMs, result });
    return result;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: new ArticleProblem(path, 1, `cannot read: ${reason}`) };
  }
}
