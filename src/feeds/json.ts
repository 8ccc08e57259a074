import { Feed } from 'feed';
import { channelLinks, linkHref } from './links.js';
import type { FeedChannel, FeedOptions } from './types.js';
import { articleUrl, itemId } from './urls.js';

/** JSON Feed 1.1 through `feed` (which writes version 1), adapted by `toJsonFeed11`. */
export function renderJson(channel: FeedChannel, options: FeedOptions): string {
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
  for (const article of channel.articles) {
    feed.addItem({
      title: article.title,
      id: itemId(options.siteUrl, article),
      link: articleUrl(options.siteUrl, article),
      date: article.date,
      published: article.date,
      description: article.summary,
      content: article.bodyHtml,
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
