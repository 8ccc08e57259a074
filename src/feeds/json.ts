import { Feed } from 'feed';
import type { Article } from '../articles/index.js';
import { itemBody, itemUpdated } from './item.js';
import { channelLinks, linkHref } from './links.js';
import type { FeedChannel, FeedOptions } from './types.js';
import { articleUrl, itemId } from './urls.js';

/**
 * JSON Feed 1.1 through `feed` (which writes version 1), adapted by `toJsonFeed11`. This is the
 * whole document as `feed` writes it; `assembleJson` must give the same bytes.
 */
export function renderJson(channel: FeedChannel, options: FeedOptions): string {
  return jsonDocument(channel, options, channel.articles);
}

/** The document from its items written by `jsonItem`, with the rest written by `feed`. */
export function assembleJson(channel: FeedChannel, options: FeedOptions, items: string[]): string {
  const head = jsonDocument(channel, options, []);
  const empty = '"items":[]}\n';
  if (!head.endsWith(empty)) throw new Error('json: items are not the last member');
  return `${head.slice(0, -empty.length)}"items":[${items.join(',')}]}\n`;
}

/** One item as `renderJson` writes it: `feed`'s fields and order, after `toJsonFeed11`. */
export function jsonItem(article: Article, options: FeedOptions): string {
  const item: Record<string, unknown> = {
    id: itemId(options.siteUrl, article),
    content_html: itemBody(article, options),
    url: articleUrl(options.siteUrl, article),
  };
  if (article.title) item.title = article.title;
  if (article.summary && article.bodyHtml) item.summary = article.summary;
  item.date_modified = itemUpdated(article).toISOString();
  item.date_published = article.date.toISOString();
  item.tags = article.category.name ? [article.category.name] : [];
  if (article.byline) item.authors = [{ name: article.byline }];
  return JSON.stringify(item);
}

function jsonDocument(channel: FeedChannel, options: FeedOptions, articles: Article[]): string {
  const links = channelLinks(channel, 'json', options);
  const feed = new Feed({
    id: channel.feedId,
    title: channel.title,
    description: channel.description,
    link: channel.siteLink,
    updated: channel.updated,
    feedLinks: { json: linkHref(links, 'self') },
    author: { name: options.siteName },
  });
  for (const article of articles) {
    feed.addItem({
      title: article.title,
      id: itemId(options.siteUrl, article),
      link: articleUrl(options.siteUrl, article),
      date: itemUpdated(article),
      published: article.date,
      description: article.summary,
      content: itemBody(article, options),
      author: article.byline ? [{ name: article.byline }] : undefined,
      category: [{ name: article.category.name }],
    });
  }
  const v1 = JSON.parse(feed.json1()) as JsonFeedV1;
  return `${JSON.stringify(
    toJsonFeed11(v1, {
      language: options.language,
      // JSON Feed pages toward older items with `next_url`: the newest archive page first.
      nextUrl: linkHref(links, 'prev-archive'),
      hub: options.websubHub,
    }),
  )}\n`;
}

interface JsonAuthor {
  name?: string;
  url?: string;
  avatar?: string;
}

export interface JsonFeedV1 {
  version: string;
  author?: JsonAuthor;
  items: ({ author?: JsonAuthor } & Record<string, unknown>)[];
  [field: string]: unknown;
}

/**
 * `feed` 6 writes JSON Feed version 1 with a single `author`; version 1.1 has `authors` (feed
 * and items) and `language`. Also adds the fields `feed` cannot: `next_url` and WebSub `hubs`.
 */
export function toJsonFeed11(
  feed: JsonFeedV1,
  extra: { language: string; nextUrl?: string | undefined; hub?: string | undefined },
): Record<string, unknown> {
  const { version: _version, author, items, ...rest } = feed;
  return {
    version: 'https://jsonfeed.org/version/1.1',
    ...rest,
    language: extra.language,
    ...(author ? { authors: [author] } : {}),
    ...(extra.nextUrl ? { next_url: extra.nextUrl } : {}),
    ...(extra.hub ? { hubs: [{ type: 'WebSub', url: extra.hub }] } : {}),
    items: items.map(({ author: itemAuthor, ...item }) =>
      itemAuthor ? { ...item, authors: [itemAuthor] } : item,
    ),
  };
}
