import type { Article, SettledArticles } from '../articles/index.js';
import type { Config } from '../config.js';
import { discoveryBuilder, discoveryOptions } from '../discovery/index.js';
import { type BuildMetrics, createLiveFeeds, type LiveFeeds } from '../feeds/index.js';
import { type ServedFile, servedFiles } from '../http/index.js';
import type { Logger } from '../log.js';

/** The live feeds, each document in the form the HTTP server answers with. */
export type LiveSite = LiveFeeds<ServedFile>;

/** The article store and its feeds kept current, ready to serve (see `createLiveFeeds`). */
export function createLiveSite(deps: {
  config: Config;
  logger: Logger;
  now?: () => Date;
  post?: typeof fetch;
  metrics?: BuildMetrics;
  /** Settled URLs and update times (`createUrlSettler`); without it, slugs follow titles. */
  urls?: { settle(articles: Article[], now: Date): Promise<SettledArticles> };
}): LiveSite {
  const discovery = discoveryBuilder(discoveryOptions(deps.config));
  return createLiveFeeds({
    ...deps,
    serve: servedFiles(deps.config.websubHub),
    // Sitemaps and robots.txt are rebuilt with the feeds, served and cached as they are.
    extras: discovery,
  });
}
