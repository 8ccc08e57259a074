import type { Article } from '../articles/index.js';
import type { DigestRenderer } from './render.js';
import { selectDigest } from './select.js';
import type {
  DigestRecipient,
  DigestSelection,
  DigestSubscriber,
  RenderedDigest,
} from './types.js';

export interface PreviewInput {
  renderer: DigestRenderer;
  /** Already published at `now`. */
  articles: Article[];
  firstSeen: ReadonlyMap<string, Date>;
  subscriber: DigestSubscriber;
  /** Omitted: the neutral web-view links, as anyone may see a preview. */
  recipient?: DigestRecipient;
  now: Date;
  firstDigestItems: number;
  maxItems: number;
}

export interface DigestPreview {
  selection: DigestSelection;
  digest: RenderedDigest;
}

/**
 * A subscriber as a preview addresses them: their address and name, and links to `/manage`
 * instead of their own signed ones (a preview carries no subscriber's tokens).
 */
export function previewRecipient(
  subscriber: { email: string; name: string | null },
  siteUrl: string,
): DigestRecipient {
  const manage = `${siteUrl}/manage`;
  return {
    email: subscriber.email,
    ...(subscriber.name ? { name: subscriber.name } : {}),
    unsubscribeUrl: manage,
    preferencesUrl: manage,
  };
}

/**
 * What a subscriber would receive at `now`, rendered but not sent; null when there is nothing
 * new. Shared by `gazette digest preview` and the admin API's `GET /admin/preview`.
 */
export async function previewDigest(input: PreviewInput): Promise<DigestPreview | null> {
  const selection = selectDigest(input);
  if (!selection) return null;
  const digest = input.recipient
    ? await input.renderer.render(selection, input.recipient)
    : await input.renderer.renderWebView(selection);
  return { selection, digest };
}
