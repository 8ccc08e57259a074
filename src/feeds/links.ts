import type { FeedChannel, FeedFormat, FeedOptions } from './types.js';
import { feedPath } from './urls.js';

/** RFC 5005: archive documents say so with `<fh:archive/>` in this namespace. */
export const FH_NAMESPACE = 'http://purl.org/syndication/history/1.0';

export interface FeedLink {
  rel: 'self' | 'hub' | 'current' | 'prev-archive' | 'next-archive';
  href: string;
}

/**
 * The links a document carries beside its site link: itself, the WebSub hub, and the RFC 5005
 * chain (an archive page points to the subscription document and to its neighbours; the
 * subscription document to the newest archive page).
 */
export function channelLinks(
  channel: FeedChannel,
  format: FeedFormat,
  options: FeedOptions,
): FeedLink[] {
  const url = (page?: number) => `${options.siteUrl}${feedPath(channel.key, format, page)}`;
  const links: FeedLink[] = [{ rel: 'self', href: url(channel.page) }];
  if (options.websubHub) links.push({ rel: 'hub', href: options.websubHub });
  if (channel.page !== undefined) links.push({ rel: 'current', href: url() });
  if (channel.prevArchive !== undefined) {
    links.push({ rel: 'prev-archive', href: url(channel.prevArchive) });
  }
  if (channel.nextArchive !== undefined) {
    links.push({ rel: 'next-archive', href: url(channel.nextArchive) });
  }
  return links;
}

export function linkHref(links: FeedLink[], rel: FeedLink['rel']): string | undefined {
  return links.find((link) => link.rel === rel)?.href;
}
