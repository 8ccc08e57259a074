import type { Article } from '../articles/index.js';
import type { Config } from '../config.js';
import {
  type DigestPreview,
  type DigestRecipient,
  type DigestRenderer,
  previewDigest,
  previewRecipient,
} from '../digest/index.js';
import { type Db, findSubscriberByEmail, type SubscriberSummary } from '../store/index.js';

/** The subscriber at `email`, and how a preview addresses them (no real tokens); or undefined. */
export async function previewSubscriber(
  config: Config,
  db: Db,
  email: string,
): Promise<{ subscriber: SubscriberSummary; recipient: DigestRecipient } | undefined> {
  const subscriber = await findSubscriberByEmail(db, email);
  if (!subscriber) return undefined;
  return { subscriber, recipient: previewRecipient(subscriber, config.siteUrl) };
}

/**
 * A first digest of `categories` (empty: every category), as `gazette digest preview` and
 * `GET /admin/preview` show it. Send history belongs to the runs: a subscriber's preview is the
 * first digest of their categories, addressed to them.
 */
export function firstDigestPreview(options: {
  config: Config;
  renderer: DigestRenderer;
  articles: Article[];
  categories: string[];
  recipient?: DigestRecipient | undefined;
  now: Date;
}): Promise<DigestPreview | null> {
  const { config, recipient } = options;
  return previewDigest({
    renderer: options.renderer,
    articles: options.articles,
    firstSeen: new Map(),
    subscriber: { categories: options.categories, lastDigestAt: null, sentArticleIds: new Set() },
    ...(recipient ? { recipient } : {}),
    now: options.now,
    firstDigestItems: config.firstDigestItems,
    maxItems: config.digestMaxItems,
  });
}
