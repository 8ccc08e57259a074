import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { FeedDocument } from './types.js';

export interface PublishResult {
  written: string[];
  unchanged: string[];
  removed: string[];
}

/**
 * Writes every document below `dir` at the path of its URL. Each file is written whole beside
 * its target and renamed into place, so a reader (or a static server) never sees half a feed.
 * A file whose bytes are already right is left alone: its mtime, and so a static server's ETag,
 * stay the same. Feed files below `dir/feeds` that no document has any more are removed.
 */
export async function publishFeeds(
  dir: string,
  documents: Iterable<FeedDocument>,
): Promise<PublishResult> {
  const result: PublishResult = { written: [], unchanged: [], removed: [] };
  const wanted = new Set<string>();
  for (const doc of documents) {
    const target = join(dir, ...doc.path.split('/').filter(Boolean));
    wanted.add(target);
    const bytes = Buffer.from(doc.body, 'utf8');
    if (await sameBytes(target, bytes)) {
      result.unchanged.push(doc.path);
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, bytes);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    result.written.push(doc.path);
  }
  for (const stale of await feedFiles(join(dir, 'feeds'))) {
    if (wanted.has(stale)) continue;
    await rm(stale, { force: true });
    result.removed.push(`/${relative(dir, stale).split(sep).join('/')}`);
  }
  return result;
}

async function sameBytes(path: string, bytes: Buffer): Promise<boolean> {
  try {
    return bytes.equals(await readFile(path));
  } catch {
    return false;
  }
}

async function feedFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && /\.(rss|atom|json)$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}
