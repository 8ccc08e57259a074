import type { Logger } from '../log.js';
import type { FeedBuild } from './build.js';

/**
 * Tells a WebSub hub that feeds changed (the publisher's "publish" ping): one form POST per URL,
 * which every hub accepts. A failure is reported, never thrown: the feeds are published anyway,
 * and subscribers still get them by polling.
 */
async function pingHub(
  hub: string,
  urls: string[],
  post: typeof fetch = fetch,
): Promise<{ url: string; error?: string }[]> {
  return Promise.all(
    urls.map(async (url) => {
      try {
        const response = await post(hub, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': url }).toString(),
          signal: AbortSignal.timeout(10_000),
        });
        await response.body?.cancel();
        return response.ok ? { url } : { url, error: `hub answered ${response.status}` };
      } catch (error) {
        return { url, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}

/** Pings `hub` for the subscription documents a build changed (archive pages are not polled). */
export async function pingChangedFeeds(
  hub: string,
  siteUrl: string,
  build: FeedBuild,
  logger: Logger,
  post?: typeof fetch,
): Promise<void> {
  const urls = build.changed
    // Subscription documents only: not the OPML, nor the newest (not yet full) archive page.
    .filter((path) => build.documents.has(path) && /^\/feeds\/[^/]+\.(rss|atom|json)$/.test(path))
    .map((path) => `${siteUrl}${path}`);
  if (urls.length === 0) return;
  for (const result of await pingHub(hub, urls, post)) {
    if (result.error)
      logger.warn({ hub, url: result.url, err: result.error }, 'WebSub ping failed');
  }
  logger.info({ hub, feeds: urls.length }, 'WebSub hub pinged');
}
