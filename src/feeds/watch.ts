import type { Logger } from '../log.js';
import { watchArticleFolder } from './article-watcher.js';
import type { LiveFeeds } from './live.js';

const DEBOUNCE_MS = 300;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What `keepFeedsFresh` watches with; tests give their own. */
export interface FreshnessOptions {
  /** Calls `onChange` with each changed path below `dir`, or null when it cannot name one. */
  watch?: (dir: string, onChange: (path: string | null) => void) => Watcher;
}

interface Watcher {
  close(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Rebuilds the feeds when the article folder changes (a watcher, debounced so that a burst of
 * writes makes one rebuild of the paths it reported) and when a future-dated article comes due (no
 * file to read again). The periodic full scan, the safety net for changes a watcher can miss
 * (network file systems, editors that swap folders), is `rebuild('periodic')`, which `serve`
 * runs on the scheduler. Returns a function that stops them all.
 */
export function keepFeedsFresh(
  site: Pick<LiveFeeds<unknown>, 'rebuild'>,
  config: { articlesDir: string },
  logger: Logger,
  firstDue?: Date,
  options: FreshnessOptions = {},
): (() => void) & { rebuild(reason: string): void } {
  let debounce: NodeJS.Timeout | undefined;
  let due: NodeJS.Timeout | undefined;
  // Paths the watcher reported since the last rebuild; undefined once it reported one it could
  // not name, which only a full scan covers.
  let reported: Set<string> | undefined = new Set();
  const rebuild = (reason: string, changed?: Iterable<string>) => {
    site.rebuild(changed).then(
      (report) => {
        if (report.changed.length > 0)
          logger.info({ reason, changed: report.changed.length }, 'feeds rebuilt');
        scheduleDue(report.nextPublication);
      },
      (error: unknown) => logger.error({ err: error, reason }, 'feed rebuild failed'),
    );
  };
  const scheduleDue = (at: Date | undefined) => {
    clearTimeout(due);
    if (!at) return;
    const wait = Math.min(Math.max(0, at.getTime() - Date.now()) + 1000, MAX_TIMER_MS);
    due = setTimeout(() => rebuild('article due', []), wait);
  };
  scheduleDue(firstDue);
  const watcher = (options.watch ?? watchArticleFolder)(config.articlesDir, (path) => {
    if (path === null) reported = undefined;
    else reported?.add(path);
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      const changed = reported;
      reported = new Set();
      rebuild('articles changed', changed);
    }, DEBOUNCE_MS);
  });
  watcher.on('error', (error) =>
    logger.warn({ err: error }, 'article watcher failed; the periodic rebuild continues'),
  );
  const stop = () => {
    watcher.close();
    clearTimeout(debounce);
    clearTimeout(due);
  };
  return Object.assign(stop, { rebuild });
}
