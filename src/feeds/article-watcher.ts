import { isAbsolute, relative, resolve, sep } from 'node:path';
import { watch } from 'chokidar';
import { ARTICLE_EXTENSIONS } from '../articles/index.js';

/** How long after a reported change the same path is reported again (see below). */
const FOLLOW_UP_MS = 1000;

/** A running watcher: stop it with `close`; its failures come as `error` events. */
export interface ArticleWatcher {
  close(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Calls `onChange` with the path (relative to `dir`, `/`-separated) of each article file or
 * folder that is added, changed or removed below `dir`, however it was saved.
 *
 * Why `chokidar` rather than `fs.watch(dir, { recursive: true })`: on Linux, Node 20 watches
 * each file by its inode, so after an editor's atomic save (a new file renamed over the old one,
 * as `sed -i`, vim and most editors do) it keeps watching the replaced inode and never reports
 * that file again. chokidar watches the folders too and re-attaches to the new file, so every
 * later save is seen. Hidden files and files that are not articles are not watched at all.
 * chokidar attaches in the background: once it is ready, `onChange(null)` asks for one full
 * scan, which covers any change made while it was starting. After a replace it re-attaches to
 * the new file within tens of milliseconds, and a second save inside that window goes
 * unreported (measured: a save 20 ms after another); so each reported path is reported once
 * more a second later, which reads it again if it changed meanwhile (and costs one `stat` if not).
 */
export function watchArticleFolder(
  dir: string,
  onChange: (path: string | null) => void,
): ArticleWatcher {
  const root = resolve(dir);
  const inStore = (path: string) => {
    const inside = relative(root, isAbsolute(path) ? path : resolve(root, path));
    return inside.split(sep).join('/');
  };
  const watcher = watch(root, {
    ignoreInitial: true,
    ignored: (path, stats) => {
      const inside = inStore(path);
      if (inside === '') return false;
      if (inside.split('/').some((part) => part.startsWith('.'))) return true;
      const name = inside.toLowerCase();
      return stats?.isFile() === true && !ARTICLE_EXTENSIONS.some((ext) => name.endsWith(ext));
    },
  });
  const followUps = new Map<string, NodeJS.Timeout>();
  watcher.on('ready', () => onChange(null));
  for (const event of ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const) {
    watcher.on(event, (path: string) => {
      const inside = inStore(path);
      if (inside === '') return onChange(null);
      onChange(inside);
      clearTimeout(followUps.get(inside));
      const again = setTimeout(() => {
        followUps.delete(inside);
        onChange(inside);
      }, FOLLOW_UP_MS);
      followUps.set(inside, again);
    });
  }
  return {
    close: () => {
      for (const timer of followUps.values()) clearTimeout(timer);
      void watcher.close();
    },
    on: (event, listener) => watcher.on(event, (error: unknown) => listener(toError(error))),
  };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
