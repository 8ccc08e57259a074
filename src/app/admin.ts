import type { Config } from '../config.js';
import { ADMIN_API_AUDIT, createSignInLimiter } from '../console/index.js';
import type { DigestRecipient, DigestRenderer } from '../digest/index.js';
import type { AdminBackend, SiteState } from '../http/index.js';
import {
  type DeliveryStore,
  RunInProgress,
  type Runner,
  RunPaused,
  summarize,
  summarizeRun,
} from '../send/index.js';
import { type Db, recordAudit, recordRefusal, searchSubscribers } from '../store/index.js';
import { digestRendererFor } from './digests.js';
import { firstDigestPreview, previewSubscriber } from './preview.js';

/** What the admin API acts through: the serving process's runner for runs, the store for the rest. */
export function createAdminBackend(deps: {
  config: Config;
  db: Db;
  /** Runs and their deliveries, read for their summaries. */
  runs: DeliveryStore;
  runner: Pick<Runner, 'startRun' | 'controlRun'>;
  site: SiteState;
}): AdminBackend {
  const { config, db, runs, runner, site } = deps;
  let renderer: Promise<DigestRenderer> | undefined;
  const signIns = createSignInLimiter(db, ADMIN_API_AUDIT);

  return {
    async startSend(request) {
      try {
        const run = await runner.startRun(request);
        // A dry run writes nothing: its figures are the ones it planned.
        return { started: request.dryRun ? summarize(run) : await summarizeRun(runs, run) };
      } catch (error) {
        if (!(error instanceof RunInProgress)) throw error;
        const unfinished = await runs.getRun(error.runId);
        if (!unfinished) throw error;
        return { unfinished: await summarizeRun(runs, unfinished) };
      }
    },
    async runs(limit) {
      return Promise.all((await runs.listRuns(limit)).map((run) => summarizeRun(runs, run)));
    },
    async run(id) {
      const run = await runs.getRun(id);
      if (!run) return undefined;
      return { summary: await summarizeRun(runs, run), failures: await runs.failures(id, 20) };
    },
    async controlRun(id, action, options) {
      const run = await runs.getRun(id);
      if (!run) return { refused: 'missing' };
      let changed: number;
      try {
        changed = await runner.controlRun(id, action, options);
      } catch (error) {
        if (!(error instanceof RunPaused)) throw error;
        return { refused: 'paused', reason: error.message };
      }
      const after = (await runs.getRun(id)) ?? run;
      return { summary: await summarizeRun(runs, after), changed };
    },
    subscribers: (query) => searchSubscribers(db, query),
    async preview(query) {
      renderer ??= digestRendererFor(config);
      let categories: string[];
      let recipient: DigestRecipient | undefined;
      if ('email' in query) {
        const found = await previewSubscriber(config, db, query.email);
        if (!found) return { missing: 'subscriber' };
        categories = found.subscriber.categories;
        recipient = found.recipient;
      } else categories = query.categories;
      const preview = await firstDigestPreview({
        config,
        renderer: await renderer,
        articles: site.published().articles,
        categories,
        recipient,
        now: new Date(),
      });
      if (!preview) return { missing: 'articles' };
      return { html: preview.digest.html, subject: preview.digest.subject };
    },
    categories: () => site.current().categories.map((category) => category.slug),
    audit: (entry) => recordAudit(db, entry),
    signInWait: (ip, now) => signIns.blockedFor(ip, now),
    auditRefusal: (entry) => recordRefusal(db, entry),
  };
}
