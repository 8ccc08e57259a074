import {
  type Article,
  type ArticleStore,
  type Category,
  loadArticles,
  type ParseCache,
  type SettledArticles,
} from '../articles/index.js';
import type { Config } from '../config.js';
import { buildFeeds, type FeedBuild, type FeedDocument, type FeedOptions } from '../feeds/index.js';
import type { Logger } from '../log.js';
import type { Metrics } from './metrics.js';
import { type ServedFile, serveDocument } from './served.js';
import { pingHub } from './websub.js';

/** What is published at one moment: built together and swapped whole. */
export interface PublishedSite {
  /** The articles whose date has come, newest first. */
  articles: Article[];
  categories: Category[];
  bySlug: Map<string, Article>;
  /** Former slugs of published articles, to their current one (`301`). */
  redirects?: ReadonlyMap<string, string>;
  /** Feed documents by URL path, ready to write. */
  files: Map<string, ServedFile>;
  /** When this state was built (the console's "last feed build"). */
  builtAt?: Date;
}

export interface RebuildReport {
  articles: number;
  problems: number;
  changed: string[];
  nextPublication?: Date | undefined;
}

export interface LiveSite {
  current(): ArticleStore;
  published(): PublishedSite;
  /**
   * Reloads the store and rebuilds what changed; calls made while one runs share the next.
   * With `changed` (paths below the article folder, from a file watcher), only those files are
   * looked at; without it, the whole folder is scanned.
   */
  rebuild(changed?: Iterable<string>): Promise<RebuildReport>;
}

export function feedOptions(config: Config): FeedOptions {
  return {
    siteUrl: config.siteUrl,
    siteName: config.siteName,
    language: config.language,
    feedItems: config.feedItems,
    websubHub: config.websubHub,
  };
}

/**
 * The article store and its feeds, kept current. A rebuild reads only changed files (the parse
 * cache, and the paths a watcher reported), re-renders only changed documents (the previous
 * build) and hashes only those (served files, with any compressed variants made so far, are
 * reused by document identity); requests keep reading the old state until the new one is
 * swapped in.
 */
export function createLiveSite(deps: {
  config: Config;
  logger: Logger;
  now?: () => Date;
  post?: typeof fetch;
  /** Counts and times each build (callers that share one build count once). */
  metrics?: Pick<Metrics, 'feedBuilds' | 'feedBuildDuration'>;
  /** Settled URLs and update times (`createUrlSettler`); without it, slugs follow titles. */
  urls?: { settle(articles: Article[], now: Date): Promise<SettledArticles> };
}): LiveSite {
  const { config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const cache: ParseCache = new Map();
  let store: ArticleStore = { articles: [], categories: [], problems: [] };
  let build: FeedBuild | undefined;
  let served = new Map<string, { doc: FeedDocument; file: ServedFile }>();
  let published: PublishedSite = {
    articles: [],
    categories: [],
    bySlug: new Map(),
    files: new Map(),
  };
  let running: Promise<RebuildReport> | undefined;
  let queued: Promise<RebuildReport> | undefined;
  /** What the queued rebuild must look at: the paths reported meanwhile, or everything. */
  let queuedPaths: Set<string> | 'all' | undefined;

  async function once(changed: Set<string> | undefined): Promise<RebuildReport> {
    const loaded = await loadArticles(
      config.articlesDir,
      { timezone: config.timezone },
      cache,
      changed,
    );
    const settled = await deps.urls?.settle(loaded.articles, now());
    const nextStore = settled ? { ...loaded, articles: settled.articles } : loaded;
    const previous = build;
    const next = buildFeeds(nextStore.articles, feedOptions(config), now(), previous);
    const nextServed = new Map<string, { doc: FeedDocument; file: ServedFile }>();
    const made: ServedFile[] = [];
    for (const [path, doc] of next.documents) {
      const before = served.get(path);
      if (before?.doc === doc) {
        nextServed.set(path, before);
        continue;
      }
      const file = serveDocument(doc, config.websubHub);
      nextServed.set(path, { doc, file });
      if (!doc.archive) made.push(file);
    }
    store = nextStore;
    build = next;
    served = nextServed;
    published = {
      articles: next.articles,
      categories: next.categories,
      bySlug: new Map(next.articles.map((article) => [article.slug, article])),
      redirects: settled?.redirects,
      files: new Map([...nextServed].map(([path, entry]) => [path, entry.file])),
      builtAt: now(),
    };
    // Readers poll subscription documents: compress those now, in the background, so the first
    // poll does not wait. Archive pages (most of the bytes) are compressed when first asked for.
    for (const file of made)
      for (const encoding of ['br', 'gzip'] as const) void file.compress(encoding);
    // No ping for the first build: nothing tells what changed while the server was down.
    if (previous && config.websubHub) void ping(config.websubHub, next);
    return {
      articles: next.articles.length,
      problems: nextStore.problems.length,
      changed: next.changed,
      nextPublication: next.nextPublication,
    };
  }

  async function measured(changed: Set<string> | undefined): Promise<RebuildReport> {
    const end = deps.metrics?.feedBuildDuration.startTimer();
    try {
      const report = await once(changed);
      deps.metrics?.feedBuilds.inc({ result: 'ok' });
      return report;
    } catch (error) {
      deps.metrics?.feedBuilds.inc({ result: 'failed' });
      throw error;
    } finally {
      end?.();
    }
  }

  async function ping(hub: string, next: FeedBuild): Promise<void> {
    const urls = next.changed
      // Subscription documents only: not the OPML, nor the newest (not yet full) archive page.
      .filter((path) => next.documents.has(path) && /^\/feeds\/[^/]+\.(rss|atom|json)$/.test(path))
      .map((path) => `${config.siteUrl}${path}`);
    if (urls.length === 0) return;
    for (const result of await pingHub(hub, urls, deps.post)) {
      if (result.error)
        logger.warn({ hub, url: result.url, err: result.error }, 'WebSub ping failed');
    }
    logger.info({ hub, feeds: urls.length }, 'WebSub hub pinged');
  }

  function rebuild(changed?: Iterable<string>): Promise<RebuildReport> {
    if (!running) {
      running = measured(changed === undefined ? undefined : new Set(changed)).finally(() => {
        running = undefined;
      });
      return running;
    }
    // One more rebuild after the running one covers every change made while it ran: the union
    // of the paths reported, or a full scan if any caller asked for one.
    queuedPaths =
      changed === undefined || queuedPaths === 'all'
        ? 'all'
        : new Set([...(queuedPaths ?? []), ...changed]);
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        const paths = queuedPaths;
        queued = undefined;
        queuedPaths = undefined;
        return rebuild(paths === 'all' ? undefined : paths);
      });
    return queued;
  }

  return { current: () => store, published: () => published, rebuild };
}
