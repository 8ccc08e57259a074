import { type Article, type Category, publishedAt } from '../articles/index.js';
import { renderAtom } from './atom.js';
import { renderJson } from './json.js';
import { renderOpml } from './opml.js';
import { feedChannels } from './paging.js';
import { renderRss } from './rss.js';
import {
  FEED_FORMATS,
  type FeedChannel,
  type FeedDocument,
  type FeedFormat,
  type FeedOptions,
} from './types.js';
import { CONTENT_TYPES, feedPath, OPML_PATH } from './urls.js';

const renderers: Record<FeedFormat, (channel: FeedChannel, options: FeedOptions) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJson,
};

export interface FeedBuild {
  /** The articles published at `now`, newest first. */
  articles: Article[];
  /** The categories with a published article, by name. */
  categories: Category[];
  /** Every document by its URL path. */
  documents: Map<string, FeedDocument>;
  /** Paths whose document differs from the previous build's (new, changed or gone). */
  changed: string[];
  /** When a future-dated article is next due: the build is stale from then on. */
  nextPublication?: Date | undefined;
  /** What each document was rendered from, to reuse it when that has not changed. */
  readonly renders: Map<string, { options: string; channel: FeedChannel; docs: FeedDocument[] }>;
}

/**
 * Every feed document for the articles published at `now`. Pure: the same input gives the same
 * bytes. With the previous build, a document whose channel (items, links, titles) is unchanged
 * is reused as the same object, so an edit re-renders only its own category, `all`, and the
 * archive pages it is on, and callers can tell changed documents by identity.
 */
export function buildFeeds(
  articles: Article[],
  options: FeedOptions,
  now: Date,
  previous?: FeedBuild,
): FeedBuild {
  const published = publishedAt(articles, now);
  const categories = categoriesOf(published);
  const { subscriptions, archives } = feedChannels(published, categories, options);
  const optionsKey = JSON.stringify(options);
  const documents = new Map<string, FeedDocument>();
  const renders: FeedBuild['renders'] = new Map();

  for (const channel of [...subscriptions, ...archives]) {
    const renderKey = `${channel.key}/${channel.page ?? 'current'}`;
    const before = previous?.renders.get(renderKey);
    const docs =
      before && before.options === optionsKey && sameChannel(before.channel, channel)
        ? before.docs
        : FEED_FORMATS.map((format) => feedDocument(channel, format, options));
    renders.set(renderKey, { options: optionsKey, channel, docs });
    for (const doc of docs) documents.set(doc.path, doc);
  }

  const opml: FeedDocument = {
    path: OPML_PATH,
    format: 'opml',
    contentType: CONTENT_TYPES.opml,
    body: renderOpml(subscriptions, options),
    updated: new Date(Math.max(0, ...subscriptions.map((feed) => feed.updated.getTime()))),
    archive: false,
    key: 'opml',
  };
  const previousOpml = previous?.documents.get(OPML_PATH);
  documents.set(OPML_PATH, previousOpml?.body === opml.body ? previousOpml : opml);

  const changed = [...documents].filter(([path, doc]) => previous?.documents.get(path) !== doc);
  const gone = [...(previous?.documents.keys() ?? [])].filter((path) => !documents.has(path));
  let nextPublication: Date | undefined;
  for (const { date } of articles) {
    if (date > now && (!nextPublication || date < nextPublication)) nextPublication = date;
  }
  return {
    articles: published,
    categories,
    documents,
    changed: [...changed.map(([path]) => path), ...gone],
    nextPublication,
    renders,
  };
}

function feedDocument(
  channel: FeedChannel,
  format: FeedFormat,
  options: FeedOptions,
): FeedDocument {
  return {
    path: feedPath(channel.key, format, channel.page),
    format,
    contentType: CONTENT_TYPES[format],
    body: renderers[format](channel, options),
    updated: channel.updated,
    archive: channel.page !== undefined,
    key: channel.key,
  };
}

function categoriesOf(articles: Article[]): Category[] {
  const bySlug = new Map<string, Category>();
  for (const article of articles) bySlug.set(article.category.slug, article.category);
  return [...bySlug.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function sameChannel(a: FeedChannel, b: FeedChannel): boolean {
  return (
    a.key === b.key &&
    a.title === b.title &&
    a.description === b.description &&
    a.siteLink === b.siteLink &&
    a.feedId === b.feedId &&
    a.updated.getTime() === b.updated.getTime() &&
    a.page === b.page &&
    a.prevArchive === b.prevArchive &&
    a.nextArchive === b.nextArchive &&
    a.articles.length === b.articles.length &&
    a.articles.every((article, index) => sameItem(article, b.articles[index] as Article))
  );
}

/** Every field a feed item is written from. */
function sameItem(a: Article, b: Article): boolean {
  return (
    a.id === b.id &&
    a.slug === b.slug &&
    a.title === b.title &&
    a.date.getTime() === b.date.getTime() &&
    a.byline === b.byline &&
    a.summary === b.summary &&
    a.bodyHtml === b.bodyHtml &&
    a.category.slug === b.category.slug &&
    a.category.name === b.category.name
  );
}
