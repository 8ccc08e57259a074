import type { Command } from 'commander';
import { type ArticleStore, loadArticles } from '../articles/index.js';
import { createApp, listen } from '../http/index.js';
import { findDigest } from '../store/index.js';
import { cliContext, openStore } from './context.js';
import { openSubscriptions } from './subscription-service.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP server and the scheduler (the main job)')
    .action(async () => {
      const { config, logger } = cliContext(1);
      const store: ArticleStore = await loadArticles(config.articlesDir, {
        timezone: config.timezone,
      });
      logger.info(
        {
          articles: store.articles.length,
          categories: store.categories.length,
          problems: store.problems.length,
        },
        'article store loaded',
      );
      for (const problem of store.problems)
        logger.warn({ problem: problem.toJSON() }, 'article file skipped');
      const db = await openStore(config);
      logger.info({ dialect: db.dialect }, 'database schema up to date');
      const subscriptions = await openSubscriptions(config, db, () => store.categories);
      const app = createApp({
        config,
        logger,
        site: { current: () => store },
        digests: { find: (id) => findDigest(db, id) },
        subscriptions: subscriptions.service,
      });
      const server = await listen(app, config.port);
      logger.info({ port: server.port, siteUrl: config.siteUrl }, 'listening');

      const stop = async (signal: string) => {
        logger.info({ signal }, 'stopping');
        await server.close();
        subscriptions.close();
        await db.close();
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
    });
}
