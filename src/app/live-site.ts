import type { Config } from '../config.js';
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
}): LiveSite {
  return createLiveFeeds({ ...deps, serve: servedFiles(deps.config.websubHub) });
}
