import { type Article, publishedAt, settleArticles } from '../articles/index.js';
import { createAddressTokens } from '../bounces/index.js';
import { formatFeedbackId } from '../complaints/index.js';
import type { Config } from '../config.js';
import {
  contentKey,
  createDigestRenderer,
  type DigestRenderer,
  type DigestSelection,
  loadDigestTemplates,
  selectDigest,
} from '../digest/index.js';
import type {
  BounceAddress,
  DigestContent,
  FeedbackIdFor,
  LinksFor,
  RenderDigest,
  SelectDigest,
} from '../send/index.js';
import {
  createArticleUrlStore,
  createRunLedger,
  type Db,
  recordArticlesSeen,
  saveDigest,
} from '../store/index.js';
import { createTokens, subscriberLinks } from '../subscribers/index.js';
import { readArticles } from './articles.js';
import { mailDomainOf } from './mailer.js';
import { resolveSecret } from './secret.js';

export interface DigestWiring {
  select: SelectDigest;
  render: RenderDigest;
  keepWebView: (content: DigestContent) => Promise<void>;
  links: LinksFor;
  bounceAddress: BounceAddress;
  feedbackId: FeedbackIdFor;
}

/**
 * The digest renderer every command and page uses: the templates in `GAZETTE_TEMPLATES_DIR`, so
 * what an operator previews is what is sent.
 */
export async function digestRendererFor(config: Config): Promise<DigestRenderer> {
  return createDigestRenderer({
    templates: await loadDigestTemplates(config.templatesDir),
    siteUrl: config.siteUrl,
    siteName: config.siteName,
    timezone: config.timezone,
    language: config.language,
  });
}

/**
 * Connects the send loop to the digest domain: the published articles with their first-seen
 * instants, selection, rendering, the web view kept for a digest that goes out (never for a dry
 * run or a preview) and the subscriber's signed links.
 */
export async function digestWiring(config: Config, db: Db, now: Date): Promise<DigestWiring> {
  const store = await readArticles(config);
  // Digest links are the article URLs the site serves: the settled ones.
  const settled = await settleArticles(store.articles, createArticleUrlStore(db), now);
  const articles = publishedAt(settled.articles, now);
  const firstSeen = await recordArticlesSeen(
    db,
    articles.map((a) => ({ id: a.id, categorySlug: a.category.slug })),
    now,
  );
  const byId = new Map<string, Article>(articles.map((a) => [a.id, a]));
  const renderer = await digestRendererFor(config);
  const secret = await resolveSecret(config);
  const saved = new Set<string>();

  const select: SelectDigest = (subscriber, at) => {
    const selection = selectDigest({
      articles,
      firstSeen,
      subscriber,
      now: at,
      firstDigestItems: config.firstDigestItems,
      maxItems: config.digestMaxItems,
    });
    return selection
      ? { articleIds: selection.articles.map((a) => a.id), moreCount: selection.moreCount }
      : null;
  };

  const selectionOf = (content: DigestContent): DigestSelection => {
    const chosen = content.articleIds.map((id) => {
      const article = byId.get(id);
      if (!article) throw new Error(`article ${id} is no longer in the store`);
      return article;
    });
    return {
      articles: chosen,
      moreCount: content.moreCount,
      key: contentKey(chosen, content.moreCount),
    };
  };

  // Unaddressed: the composer fills each recipient's values in by position.
  const render: RenderDigest = async (content) => renderer.layOut(selectionOf(content));

  // Each distinct digest once per process; the row is kept once however many workers try. Only
  // a real send keeps it: dry runs and previews store nothing.
  const keepWebView = async (content: DigestContent) => {
    const selection = selectionOf(content);
    if (saved.has(selection.key)) return;
    const view = await renderer.renderWebView(selection);
    await saveDigest(
      db,
      {
        id: view.digestId,
        contentKey: selection.key,
        subject: view.subject,
        html: view.html,
        articleIds: content.articleIds,
        siteUrl: config.siteUrl,
      },
      new Date(),
    );
    saved.add(selection.key);
  };

  return {
    select,
    render,
    keepWebView,
    ...addressWiring(config, secret),
    feedbackId: feedbackIds(config, db),
  };
}

/**
 * `frequency:run:kind:mail-domain` for each run's messages, its run read once. A copy sent
 * outside any run (`gazette send --to`) names no stored run: `test:one-off:test:…`.
 */
function feedbackIds(config: Config, db: Db): FeedbackIdFor {
  const store = createRunLedger(db);
  const known = new Map<string, Promise<string>>();
  return (runId) => {
    let id = known.get(runId);
    if (!id) {
      id = store.getRun(runId).then((run) =>
        formatFeedbackId({
          campaign: run?.frequency ?? 'test',
          run: runId,
          kind: run?.kind ?? 'test',
          sender: mailDomainOf(config),
        }),
      );
      id.catch(() => known.delete(runId));
      known.set(runId, id);
    }
    return id;
  };
}

/**
 * The links and addresses every digest carries: signed web links, a mailto unsubscribe when
 * mail to the mail domain reaches Gazette (the inbound listener, or a mail domain the operator
 * set for `bounces import`), and a per-delivery envelope sender so a later bounce names its
 * delivery.
 */
export function addressWiring(
  config: Config,
  secret: string,
): { links: LinksFor; bounceAddress: BounceAddress } {
  const tokens = createTokens(secret);
  const addresses = createAddressTokens(secret, mailDomainOf(config));
  const mailto = config.inboundSmtpPort !== undefined || config.mailDomain !== undefined;
  const links: LinksFor = (subscriberId, at) => {
    const web = subscriberLinks(config.siteUrl, tokens, subscriberId, at);
    const address = mailto ? addresses.unsubscribeAddress(subscriberId) : undefined;
    return address ? { ...web, mailto: `mailto:${address}?subject=unsubscribe` } : web;
  };
  const bounceAddress: BounceAddress = (delivery) => addresses.bounceAddress(delivery.id);
  return { links, bounceAddress };
}
