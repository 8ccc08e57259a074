import { watch } from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { createApp, createLiveSite, feedFastPath, type LiveSite, listen } from '../http/index.js';
import type { Logger } from '../log.js';
import { findDigest } from '../store/index.js';
import { cliContext, openStore } from './context.js';
import { openSubscriptions } from './subscription-service.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP server and the scheduler (the main job)')
    .action(async () => {
      const { config, logger } = cliContext(1);
      const site = createLiveSite({ config, logger });
      const report = await site.rebuild();
      const store = site.current();
      logger.info(
        {
          articles: store.articles.length,
          published: report.articles,
          categories: store.categories.length,
          problems: store.problems.length,
          documents: site.published().files.size,
        },
        'article store loaded, feeds built',
      );
      for (const problem of store.problems)
        logger.warn({ problem: problem.toJSON() }, 'article file skipped');
      const db = await openStore(config);
      logger.info({ dialect: db.dialect }, 'database schema up to date');
      const subscriptions = await openSubscriptions(config, db, () => site.current().categories);
      const app = createApp({
        config,
        logger,
        site,
        digests: { find: (id) => findDigest(db, id) },
        subscriptions: subscriptions.service,
      });
      const server = await listen(app, config.port, '0.0.0.0', feedFastPath({ site }));
      logger.info({ port: server.port, siteUrl: config.siteUrl }, 'listening');
      const stopRebuilds = keepFeedsFresh(site, config, logger, report.nextPublication);

      const stop = async (signal: string) => {
        logger.info({ signal }, 'stopping');
        stopRebuilds();
        await server.close();
        subscriptions.close();
        await db.close();
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
    });
}

const DEBOUNCE_MS = 300;
const SAFETY_NET_MS = 5 * 60_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What `keepFeedsFresh` watches with; tests give their own. */
export interface FreshnessOptions {
  safetyNetMs?: number;
  /** Calls `onChange` with each changed path below `dir`, or null when it cannot name one. */
  watch?: (dir: string, onChange: (path: string | null) => void) => Watcher;
}

interface Watcher {
  close(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

const watchFolder: NonNullable<FreshnessOptions['watch']> = (dir, onChange) =>
  watch(dir, { recursive: true }, (_event, filename) => onChange(filename));

/**
 * Rebuilds the feeds when the article folder changes (a watcher, debounced so that a burst of
 * writes makes one rebuild of the paths it reported), when a future-dated article comes due (no
 * file to read again), and every few minutes with a full scan of the folder, as a safety net
 * for changes a watcher can miss (network file systems, editors that swap folders).
 * Returns a function that stops all three.
 */
export function keepFeedsFresh(
  site: LiveSite,
  config: Config,
  logger: Logger,
  firstDue?: Date,
  options: FreshnessOptions = {},
): () => void {
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
  const watcher = (options.watch ?? watchFolder)(config.articlesDir, (path) => {
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
  const safetyNet = setInterval(() => rebuild('periodic'), options.safetyNetMs ?? SAFETY_NET_MS);
  return () => {
    watcher.close();
    clearTimeout(debounce);
    clearTimeout(due);
    clearInterval(safetyNet);
  };
}
