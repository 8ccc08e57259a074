import { type Article, type Category, publishedAt, xmlSafe } from '../articles/index.js';
import { assembleAtom, atomEntry } from './atom.js';
import { ItemCache, type ItemWriter, sameItem } from './fragments.js';
import { assembleJson, jsonItem } from './json.js';
import { renderOpml } from './opml.js';
import { feedChannels } from './paging.js';
import { assembleRss, rssItem, rssTitleReferences } from './rss.js';
import {
  FEED_FORMATS,
  type FeedChannel,
  type FeedDocument,
  type FeedFormat,
  type FeedOptions,
} from './types.js';
import { CONTENT_TYPES, feedPath, OPML_PATH } from './urls.js';

const writers: Record<
  FeedFormat,
  {
    item: ItemWriter;
    document: (channel: FeedChannel, options: FeedOptions, items: string[]) => string;
  }
> = {
  rss: {
    item: rssItem,
    document: (channel, options, items) => rssTitleReferences(assembleRss(channel, options, items)),
  },
  atom: { item: atomEntry, document: assembleAtom },
  json: { item: jsonItem, document: assembleJson },
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
  /** Every item written once per format, to assemble documents from. */
  readonly items: ItemCache;
}

/**
 * Every feed document for the articles published at `now`. Pure: the same input gives the same
 * bytes. Each item is written once per format (an article is in its category's feed and in
 * `all`) and documents are assembled from those fragments. With the previous build, a document
 * whose channel (items, links, titles) is unchanged is reused as the same object, and so are the
 * fragments of unchanged articles: an edit writes one article's items and re-assembles only its
 * own category, `all`, and the archive pages it is on, and callers can tell changed documents by
 * identity.
 */
export function buildFeeds(
  articles: Article[],
  options: FeedOptions,
  now: Date,
  previous?: FeedBuild,
): FeedBuild {
  // The site's name reaches every document: it gets the same guard as article text.
  options = { ...options, siteName: xmlSafe(options.siteName) };
  const published = publishedAt(articles, now);
  const categories = categoriesOf(published);
  const { subscriptions, archives } = feedChannels(published, categories, options);
  const optionsKey = JSON.stringify(options);
  const documents = new Map<string, FeedDocument>();
  const renders: FeedBuild['renders'] = new Map();
  const items = new ItemCache(previous?.items, optionsKey, published);

  for (const channel of [...subscriptions, ...archives]) {
    const renderKey = `${channel.key}/${channel.page ?? 'current'}`;
    const before = previous?.renders.get(renderKey);
    const docs =
      before && before.options === optionsKey && sameChannel(before.channel, channel)
        ? before.docs
        : FEED_FORMATS.map((format) => feedDocument(channel, format, options, items));
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
    items,
  };
}

function feedDocument(
  channel: FeedChannel,
  format: FeedFormat,
  options: FeedOptions,
  items: ItemCache,
): FeedDocument {
  const writer = writers[format];
  const fragments = channel.articles.map((article) =>
    items.fragment(article, format, options, writer.item),
  );
  return {
    path: feedPath(channel.key, format, channel.page),
    format,
    contentType: CONTENT_TYPES[format],
    body: writer.document(channel, options, fragments),
    updated: channel.updated,
    // Only a full page is final; the newest one grows as items leave the subscription document.
    archive: channel.page !== undefined && channel.articles.length === options.feedItems,
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
