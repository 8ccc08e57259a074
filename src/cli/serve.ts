import { watch } from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { createConsoleServices } from '../console/index.js';
import { createApp, createLiveSite, feedFastPath, type LiveSite, listen } from '../http/index.js';
import type { Logger } from '../log.js';
import { findDigest } from '../store/index.js';
import { cliContext, openStore } from './context.js';
import { mailerFor, sendDepsFactory } from './send-deps.js';
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
      // The console sends as `gazette send` does, with one mailer for the process.
      const mailer = await mailerFor(config);
      const consoleServices = createConsoleServices({
        db,
        logger,
        subscriptions: subscriptions.service,
        sendDeps: sendDepsFactory(config, db, mailer),
      });
      const app = createApp({
        config,
        logger,
        site,
        digests: { find: (id) => findDigest(db, id) },
        subscriptions: subscriptions.service,
        console: consoleServices,
      });
      const server = await listen(app, config.port, '0.0.0.0', feedFastPath({ site }));
      logger.info({ port: server.port, siteUrl: config.siteUrl }, 'listening');
      const stopRebuilds = keepFeedsFresh(site, config, logger, report.nextPublication);

      const stop = async (signal: string) => {
        logger.info({ signal }, 'stopping');
        stopRebuilds();
        await server.close();
        await consoleServices.runs.close();
        await mailer.close();
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

/**
 * Rebuilds the feeds when the article folder changes (a watcher, debounced so that a burst of
 * writes makes one rebuild), when a future-dated article comes due, and every few minutes as a
 * safety net for changes a watcher can miss (network file systems, editors that swap folders).
 * Returns a function that stops all three.
 */
export function keepFeedsFresh(
  site: LiveSite,
  config: Config,
  logger: Logger,
  firstDue?: Date,
): () => void {
  let debounce: NodeJS.Timeout | undefined;
  let due: NodeJS.Timeout | undefined;
  const rebuild = (reason: string) => {
    site.rebuild().then(
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
    due = setTimeout(() => rebuild('article due'), wait);
  };
  scheduleDue(firstDue);
  const watcher = watch(config.articlesDir, { recursive: true }, () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => rebuild('articles changed'), DEBOUNCE_MS);
  });
  watcher.on('error', (error) =>
    logger.warn({ err: error }, 'article watcher failed; the periodic rebuild continues'),
  );
  const safetyNet = setInterval(() => rebuild('periodic'), SAFETY_NET_MS);
  return () => {
    watcher.close();
    clearTimeout(debounce);
    clearTimeout(due);
    clearInterval(safetyNet);
  };
}
