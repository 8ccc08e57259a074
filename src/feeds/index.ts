export { type ArticleWatcher, watchArticleFolder } from './article-watcher.js';
export { buildFeeds, type FeedBuild } from './build.js';
export { toJsonFeed11 } from './json.js';
export {
  type BuildMetrics,
  createLiveFeeds,
  feedOptions,
  type LiveFeeds,
  type PublishedFeeds,
  type RebuildReport,
} from './live.js';
export { type PublishResult, publishFeeds } from './publish.js';
export {
  FEED_FORMATS,
  type FeedDocument,
  type FeedFormat,
  type FeedOptions,
} from './types.js';
export {
  ALL,
  articleUrl,
  CONTENT_TYPES,
  feedName,
  feedPath,
  itemId,
  OPML_PATH,
} from './urls.js';
export { type FreshnessOptions, keepFeedsFresh } from './watch.js';
