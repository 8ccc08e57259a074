import {
  type Article,
  type ArticleStore,
  type Category,
  loadArticles,
  type ParseCache,
  type SettledArticles,
} from '../articles/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { buildFeeds, type FeedBuild } from './build.js';
import type { FeedDocument, FeedOptions } from './types.js';
import { pingChangedFeeds } from './websub.js';

/** What is published at one moment: built together and swapped whole. */
export interface PublishedFeeds<Served> {
  /** The articles whose date has come, newest first. */
  articles: Article[];
  categories: Category[];
  bySlug: Map<string, Article>;
  /** Former slugs of published articles, to their current one (`301`). */
  redirects?: ReadonlyMap<string, string>;
  /** Feed documents by URL path, in the form they are served in. */
  files: Map<string, Served>;
  /** When this state was built (the console's "last feed build"). */
  builtAt?: Date;
}

export interface RebuildReport {
  articles: number;
  problems: number;
  changed: string[];
  nextPublication?: Date | undefined;
}

export interface LiveFeeds<Served> {
  current(): ArticleStore;
  published(): PublishedFeeds<Served>;
  /**
   * Reloads the store and rebuilds what changed; calls made while one runs share the next.
   * With `changed` (paths below the article folder, from a file watcher), only those files are
   * looked at; without it, the whole folder is scanned.
   */
  rebuild(changed?: Iterable<string>): Promise<RebuildReport>;
}

/** Counts and times each build: prom-client's counter and histogram are such. */
export interface BuildMetrics {
  feedBuilds: { inc(labels: { result: 'ok' | 'failed' }): void };
  feedBuildDuration: { startTimer(): () => unknown };
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
 * build) and makes the served form (`serve`) of those only: an unchanged document keeps its
 * served form, whatever was made of it so far. Readers keep reading the old state until the new
 * one is swapped in.
 */
export function createLiveFeeds<Served>(deps: {
  config: Config;
  logger: Logger;
  /** A document as it is served (its bytes, hash, headers), made once per document. */
  serve(doc: FeedDocument): Served;
  now?: () => Date;
  post?: typeof fetch;
  /** Counts and times each build (callers that share one build count once). */
  metrics?: BuildMetrics;
  /** Settled URLs and update times (`createUrlSettler`); without it, slugs follow titles. */
  urls?: { settle(articles: Article[], now: Date): Promise<SettledArticles> };
  /**
   * Documents published beside the feeds from the same build (the sitemaps, robots.txt). An
   * unchanged one (same bytes) keeps its served form.
   */
  extras?: (build: FeedBuild, now: Date) => FeedDocument[];
}): LiveFeeds<Served> {
  const { config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const cache: ParseCache = new Map();
  let store: ArticleStore = { articles: [], categories: [], problems: [] };
  let build: FeedBuild | undefined;
  let served = new Map<string, { doc: FeedDocument; file: Served }>();
  let published: PublishedFeeds<Served> = {
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
    const nextServed = new Map<string, { doc: FeedDocument; file: Served }>();
    for (const [path, doc] of next.documents) {
      const before = served.get(path);
      nextServed.set(path, before?.doc === doc ? before : { doc, file: deps.serve(doc) });
    }
    for (const doc of deps.extras?.(next, now()) ?? []) {
      const before = served.get(doc.path);
      nextServed.set(
        doc.path,
        before?.doc.body === doc.body ? before : { doc, file: deps.serve(doc) },
      );
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
    // No ping for the first build: nothing tells what changed while the server was down.
    if (previous && config.websubHub)
      void pingChangedFeeds(config.websubHub, config.siteUrl, next, logger, deps.post);
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
