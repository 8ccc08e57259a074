import {
  type Article,
  type ArticleStore,
  type Category,
  loadArticles,
  type ParseCache,
} from '../articles/index.js';
import type { Config } from '../config.js';
import { buildFeeds, type FeedBuild, type FeedDocument, type FeedOptions } from '../feeds/index.js';
import type { Logger } from '../log.js';
import { type ServedFile, serveDocument } from './served.js';
import { pingHub } from './websub.js';

/** What is published at one moment: built together and swapped whole. */
export interface PublishedSite {
  /** The articles whose date has come, newest first. */
  articles: Article[];
  categories: Category[];
  bySlug: Map<string, Article>;
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
  /** Reloads the store and rebuilds what changed; calls made while one runs share the next. */
  rebuild(): Promise<RebuildReport>;
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
 * cache), re-renders only changed documents (the previous build) and compresses only those
 * (served files are reused by document identity); requests keep reading the old state until the
 * new one is swapped in.
 */
export function createLiveSite(deps: {
  config: Config;
  logger: Logger;
  now?: () => Date;
  post?: typeof fetch;
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

  async function once(): Promise<RebuildReport> {
    const nextStore = await loadArticles(config.articlesDir, { timezone: config.timezone }, cache);
    const previous = build;
    const next = buildFeeds(nextStore.articles, feedOptions(config), now(), previous);
    const nextServed = new Map<string, { doc: FeedDocument; file: ServedFile }>();
    const current: Promise<void>[] = [];
    const archives: Promise<void>[] = [];
    // Subscription documents first: zlib's thread pool takes work in the order it is given.
    const ordered = [...next.documents].sort(
      ([, a], [, b]) => Number(a.archive) - Number(b.archive),
    );
    for (const [path, doc] of ordered) {
      const before = served.get(path);
      if (before?.doc === doc) {
        nextServed.set(path, before);
        continue;
      }
      const { file, compressed } = serveDocument(doc, config.websubHub);
      nextServed.set(path, { doc, file });
      (doc.archive ? archives : current).push(compressed);
    }
    // Subscription documents go out compressed from the first request; archive pages (most of
    // the bytes, rarely asked for) are served uncompressed until their variants are ready.
    await Promise.all(current);
    void Promise.all(archives).catch((error: unknown) =>
      logger.error({ err: error }, 'compressing archive pages failed'),
    );
    store = nextStore;
    build = next;
    served = nextServed;
    published = {
      articles: next.articles,
      categories: next.categories,
      bySlug: new Map(next.articles.map((article) => [article.slug, article])),
      files: new Map([...nextServed].map(([path, entry]) => [path, entry.file])),
      builtAt: now(),
    };
    // No ping for the first build: nothing tells what changed while the server was down.
    if (previous && config.websubHub) void ping(config.websubHub, next);
    return {
      articles: next.articles.length,
      problems: nextStore.problems.length,
      changed: next.changed,
      nextPublication: next.nextPublication,
    };
  }

  async function ping(hub: string, next: FeedBuild): Promise<void> {
    const urls = next.changed
      .filter((path) => next.documents.get(path)?.archive === false && path.startsWith('/feeds/'))
      .map((path) => `${config.siteUrl}${path}`);
    if (urls.length === 0) return;
    for (const result of await pingHub(hub, urls, deps.post)) {
      if (result.error)
        logger.warn({ hub, url: result.url, err: result.error }, 'WebSub ping failed');
    }
    logger.info({ hub, feeds: urls.length }, 'WebSub hub pinged');
  }

  function rebuild(): Promise<RebuildReport> {
    if (!running) {
      running = once().finally(() => {
        running = undefined;
      });
      return running;
    }
    // One more rebuild after the running one covers every change made while it ran.
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return rebuild();
      });
    return queued;
  }

  return { current: () => store, published: () => published, rebuild };
}
