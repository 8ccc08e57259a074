import type { Config } from '../config.js';
import {
  type DigestRecipient,
  type DigestRenderer,
  previewDigest,
  previewRecipient,
} from '../digest/index.js';
import type { AdminRun, AdminService, LiveSite } from '../http/index.js';
import type { SendWorker } from '../schedule/index.js';
import {
  type DeliveryStore,
  type Run,
  RunInProgress,
  RunPaused,
  runTotals,
} from '../send/index.js';
import { type Db, findSubscriberByEmail, recordAudit, searchSubscribers } from '../store/index.js';
import { digestRendererFor } from './send-deps.js';

/** The admin API's backend: the send worker for runs, the store for the rest. */
export function createAdminService(deps: {
  config: Config;
  db: Db;
  store: DeliveryStore;
  worker: SendWorker;
  site: LiveSite;
}): AdminService {
  const { config, db, store, worker, site } = deps;
  let renderer: Promise<DigestRenderer> | undefined;

  async function view(run: Run, dryRun = false): Promise<AdminRun> {
    // Unfinished runs show live counts; finished ones the counts recorded at the end.
    const live = run.finishedAt || dryRun ? undefined : await store.counts(run.id);
    const { sent, failed, skipped, pending, inFlight } = runTotals(run, live);
    const slot = /^schedule:(daily|weekly)@(.+)$/.exec(run.startedBy);
    return {
      id: run.id,
      kind: run.kind,
      frequency: run.frequency,
      categories: run.categories,
      status: run.status,
      startedBy: run.startedBy,
      dryRun,
      slot: slot?.[1] && slot[2] ? { kind: slot[1], at: slot[2] } : null,
      planned: run.planned,
      sent,
      failed,
      skipped,
      pending,
      inFlight,
      progress: run.planned === 0 ? 1 : Math.min(1, (sent + failed) / run.planned),
      windowStart: run.windowStart?.toISOString() ?? null,
      windowEnd: run.windowEnd.toISOString(),
      createdAt: run.createdAt.toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
      pausedAt: run.pausedAt?.toISOString() ?? null,
      pauseReason: run.pauseReason,
      lastError: run.lastError,
    };
  }

  return {
    async startSend(request) {
      try {
        const run = await worker.startRun(request);
        return { ok: true, run: await view(run, request.dryRun) };
      } catch (error) {
        if (!(error instanceof RunInProgress)) throw error;
        const unfinished = await store.getRun(error.runId);
        if (!unfinished) throw error;
        return { ok: false, unfinished: await view(unfinished) };
      }
    },
    async runs(limit) {
      return Promise.all((await store.listRuns(limit)).map((run) => view(run)));
    },
    async run(id) {
      const run = await store.getRun(id);
      if (!run) return undefined;
      return { ...(await view(run)), failures: await store.failures(id, 20) };
    },
    async controlRun(id, action, options) {
      const run = await store.getRun(id);
      if (!run) return { status: 404, error: 'no such run' };
      let changed: number;
      try {
        changed = await worker.controlRun(id, action, options);
      } catch (error) {
        if (!(error instanceof RunPaused)) throw error;
        return { status: 409, error: error.message };
      }
      const after = (await store.getRun(id)) ?? run;
      return { status: 200, run: await view(after), changed };
    },
    async subscribers(query) {
      const after = query.cursor ? Buffer.from(query.cursor, 'base64url').toString() : undefined;
      const { rows, total } = await searchSubscribers(db, {
        limit: query.limit,
        ...(query.q ? { q: query.q } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(after !== undefined ? { after } : { offset: (query.page - 1) * query.limit }),
      });
      const last = rows.at(-1);
      return {
        subscribers: rows.map((row) => ({
          ...row,
          createdAt: row.createdAt.toISOString(),
          confirmedAt: row.confirmedAt?.toISOString() ?? null,
        })),
        total,
        page: query.page,
        limit: query.limit,
        nextCursor:
          last && rows.length === query.limit
            ? Buffer.from(last.email).toString('base64url')
            : null,
      };
    },
    async preview(query) {
      renderer ??= digestRendererFor(config);
      const known = new Set(this.categories());
      let categories: string[];
      let recipient: DigestRecipient | undefined;
      if ('email' in query) {
        const found = await findSubscriberByEmail(db, query.email);
        if (!found) return { status: 404, error: 'no subscriber with that address' };
        categories = found.categories;
        recipient = previewRecipient(found, config.siteUrl);
      } else {
        const unknown = query.categories.filter((slug) => !known.has(slug));
        if (unknown.length > 0)
          return { status: 400, error: `unknown categories: ${unknown.join(', ')}` };
        categories = query.categories;
      }
      // Their send history belongs to the runs: this previews a first digest, as the CLI does.
      const preview = await previewDigest({
        renderer: await renderer,
        articles: site.published().articles,
        firstSeen: new Map(),
        subscriber: { categories, lastDigestAt: null, sentArticleIds: new Set() },
        ...(recipient ? { recipient } : {}),
        now: new Date(),
        firstDigestItems: config.firstDigestItems,
        maxItems: config.digestMaxItems,
      });
      if (!preview) return { status: 404, error: 'nothing to send: no articles' };
      return { status: 200, html: preview.digest.html, subject: preview.digest.subject };
    },
    categories: () => site.current().categories.map((category) => category.slug),
    audit: (entry) => recordAudit(db, entry),
  };
}
