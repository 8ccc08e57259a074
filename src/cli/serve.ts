import { watch } from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { createConsoleServices } from '../console/index.js';
import {
  createApp,
  createLiveSite,
  createMetrics,
  feedFastPath,
  type LiveSite,
  listen,
} from '../http/index.js';
import type { Logger } from '../log.js';
import { countSubscribersByStatus, type Db, findDigest } from '../store/index.js';
import { complaintGuard } from './complaint-guard.js';
import { cliContext, openStore } from './context.js';
import { preSendCheck } from './doctor-input.js';
import { hooksFor } from './hooks-wiring.js';
import { startInbound } from './inbound.js';
import { createAdminService } from './serve-admin.js';
import { healthChecks, startWorker } from './serve-worker.js';
import { openSubscriptions } from './subscription-service.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP server and the scheduler (the main job)')
    .action(async () => {
      const { config, logger } = cliContext(1);
      let db: Db | undefined;
      const metrics = createMetrics({
        subscriberCounts: async () => (db ? countSubscribersByStatus(db) : {}),
      });
      const site = createLiveSite({ config, logger, metrics });
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
      db = await openStore(config);
      logger.info({ dialect: db.dialect }, 'database schema up to date');
      const subscriptions = await openSubscriptions(config, db, () => site.current().categories);
      const fresh = keepFeedsFresh(site, config, logger, report.nextPublication);
      const guard = complaintGuard(config, db, logger);
      const worker = await startWorker({
        config,
        db,
        logger,
        metrics,
        // The safety net for changes a file watcher can miss (network file systems, editors
        // that swap folders): a rebuild every few minutes.
        jobs: [
          { name: 'feeds', cron: '*/5 * * * *', run: async () => fresh.rebuild('periodic') },
          // Runs that reached 1,000 delivered after their complaints came in.
          { name: 'complaint-guard', cron: '* * * * *', run: guard.sweep },
        ],
      });
      // Runs go through the send worker; previews, tests and dry runs use its wiring and mailer.
      const consoleServices = createConsoleServices({
        db,
        worker: worker.worker,
        subscriptions: subscriptions.service,
        sendDeps: worker.sendDeps,
        doctor: cachedDoctor(config, db),
      });
      const app = createApp({
        config,
        logger,
        site,
        digests: { find: (id) => findDigest(db, id) },
        subscriptions: subscriptions.service,
        admin: createAdminService({ config, db, store: worker.store, worker: worker.worker, site }),
        health: healthChecks(config, db),
        metrics,
        console: consoleServices,
        hooks: await hooksFor(config, db, logger),
      });
      const server = await listen(app, config.port, '0.0.0.0', feedFastPath({ site }));
      logger.info(
        { port: server.port, siteUrl: config.siteUrl, admin: Boolean(config.adminToken) },
        'listening',
      );
      worker.start();
      const inbound = await startInbound(config, db, logger);

      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'stopping: no new work; in-flight messages finish');
        // Whatever is still running then is cut off; its claims return to pending once its
        // heartbeat is stale, so the run still resumes.
        setTimeout(() => {
          logger.error('stopping took too long; exiting with work in flight');
          process.exit(1);
        }, STOP_DEADLINE_MS).unref();
        fresh();
        await Promise.all([server.close(), worker.stop(), inbound?.close()]);
        subscriptions.close();
        await db.close();
        logger.info(
          'stopped; unfinished runs resume at the next start or with `gazette runs resume`',
        );
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
    });
}

/** SIGTERM to exit: orchestrators kill at 10 seconds; leave a margin. */
const STOP_DEADLINE_MS = 9_000;

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

const watchFolder: NonNullable<FreshnessOptions['watch']> = (dir, onChange) =>
  watch(dir, { recursive: true }, (_event, filename) => onChange(filename));

/**
 * Rebuilds the feeds when the article folder changes (a watcher, debounced so that a burst of
 * writes makes one rebuild of the paths it reported) and when a future-dated article comes due (no
 * file to read again). The periodic full scan, the safety net for changes a watcher can miss
 * (network file systems, editors that swap folders), is `rebuild('periodic')`, which `serve`
 * runs on the scheduler. Returns a function that stops them all.
 */
export function keepFeedsFresh(
  site: LiveSite,
  config: Config,
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
  const stop = () => {
    watcher.close();
    clearTimeout(debounce);
    clearTimeout(due);
  };
  return Object.assign(stop, { rebuild });
}

const DOCTOR_CACHE_MS = 5 * 60_000;

/**
 * The pre-send checks for the console's dashboard. They render a digest and probe the SMTP
 * server and the one-click URL, so a dashboard load reuses an answer up to five minutes old.
 */
function cachedDoctor(config: Config, db: Db) {
  let last:
    | { at: number; checks: Promise<{ name: string; ok: boolean; detail: string }[]> }
    | undefined;
  return () => {
    if (!last || Date.now() - last.at > DOCTOR_CACHE_MS) {
      const checks = preSendCheck(config, new Date(), { db }).then((report) => [
        ...report.failures.map((f) => ({ name: f.check, ok: false, detail: f.message })),
        ...report.passes.map((f) => ({ name: f.check, ok: true, detail: f.message })),
      ]);
      checks.catch(() => {
        last = undefined;
      });
      last = { at: Date.now(), checks };
    }
    return last.checks;
  };
}
