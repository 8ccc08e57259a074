import { createUrlSettler } from '../articles/index.js';
import { configWarnings } from '../config.js';
import { auditRetentionJob, createConsoleServices } from '../console/index.js';
import { keepFeedsFresh } from '../feeds/index.js';
import { createApp, createMetrics, feedFastPath, listen } from '../http/index.js';
import type { Logger } from '../log.js';
import {
  countSubscribersByStatus,
  createArticleUrlStore,
  type Db,
  findDigest,
} from '../store/index.js';
import { createAdminBackend } from './admin.js';
import { complaintGuard } from './complaint-guard.js';
import { dashboardChecks } from './doctor.js';
import type { Gazette } from './gazette.js';
import { healthChecks } from './health.js';
import { hooksFor } from './hooks.js';
import { startInbound } from './inbound.js';
import { createLiveSite } from './live-site.js';
import { createSending } from './sending.js';

/** SIGTERM to exit: orchestrators kill at 10 seconds; leave a margin. */
const STOP_DEADLINE_MS = 9_000;

/**
 * `gazette serve`, the whole running service: it builds the feeds, opens the database, starts
 * the runner and its schedule, the HTTP server and the inbound listener, then waits for SIGINT
 * or SIGTERM and stops each within a deadline. Every unfinished run is left resumable.
 */
export async function serve(gazette: Gazette): Promise<void> {
  const { config, logger } = gazette;
  for (const warning of configWarnings(config)) logger.warn(warning);
  let opened: Db | undefined;
  const metrics = createMetrics({
    subscriberCounts: async () => (opened ? countSubscribersByStatus(opened) : {}),
  });

  // Article URLs are settled in the database: it is open before the first build.
  const db = await gazette.database();
  opened = db;
  logger.info({ dialect: db.dialect }, 'database schema up to date');
  const urls = createUrlSettler(createArticleUrlStore(db));
  const site = createLiveSite({ config, logger, metrics, urls });
  const built = await site.rebuild();
  logBuild(logger, site, built.articles);
  const subscriptions = await gazette.subscriptions(() => site.current().categories);

  const fresh = keepFeedsFresh(site, config, logger, built.nextPublication);
  const guard = complaintGuard(config, db, logger);
  const sending = await createSending({
    config,
    db,
    logger,
    metrics,
    // The safety net for changes a file watcher can miss (network file systems, editors that
    // swap folders): a full rebuild every few minutes.
    jobs: [
      { name: 'feeds', cron: '*/5 * * * *', run: async () => fresh.rebuild('periodic') },
      auditRetentionJob(db, config.auditRetentionDays, logger),
      // Runs that reached 1,000 delivered after their complaints came in.
      { name: 'complaint-guard', cron: '* * * * *', run: guard.sweep },
    ],
  });

  const app = createApp({
    config,
    logger,
    site,
    digests: { find: (id) => findDigest(db, id) },
    subscriptions,
    admin: createAdminBackend({ config, db, runs: sending.store, runner: sending.runner, site }),
    health: healthChecks(config, db),
    metrics,
    hooks: await hooksFor(config, db, logger),
    // Runs go through the serving runner; previews, tests and dry runs use its wiring and mailer.
    console: createConsoleServices({
      db,
      runner: sending.runner,
      subscriptions,
      sendDeps: sending.sendDeps,
      doctor: dashboardChecks(config, db),
    }),
  });
  const server = await listen(app, config.port, '0.0.0.0', feedFastPath({ site }));
  logger.info(
    { port: server.port, siteUrl: config.siteUrl, admin: Boolean(config.adminToken) },
    'listening',
  );
  sending.start();
  const inbound = await startInbound(config, db, logger);

  const signal = await stopSignal();
  logger.info({ signal }, 'stopping: no new work; in-flight messages finish');
  // Whatever is still running then is cut off; its claims return to pending once its heartbeat
  // is stale, so the run still resumes.
  setTimeout(() => {
    logger.error('stopping took too long; exiting with work in flight');
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  fresh();
  await Promise.all([server.close(), sending.stop(), inbound?.close()]);
  await gazette.close();
  logger.info('stopped; unfinished runs resume at the next start or with `gazette runs resume`');
  process.exit(0);
}

function logBuild(logger: Logger, site: ReturnType<typeof createLiveSite>, published: number) {
  const store = site.current();
  logger.info(
    {
      articles: store.articles.length,
      published,
      categories: store.categories.length,
      problems: store.problems.length,
      documents: site.published().files.size,
    },
    'article store loaded, feeds built',
  );
  for (const problem of store.problems)
    logger.warn({ problem: problem.toJSON() }, 'article file skipped');
}

/** Resolves with the first SIGINT or SIGTERM. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}
