import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Article, loadArticles, publishedAt } from '../articles/index.js';
import { type Config, parseFromAddress } from '../config.js';
import {
  contentKey,
  createDigestRenderer,
  type DigestSelection,
  loadDigestTemplates,
  selectDigest,
} from '../digest/index.js';
import { createMailer, defaultTemplatesDir } from '../mail/index.js';
import type { LinksFor, Mailer, RenderDigest, SelectDigest } from '../send/index.js';
import { type Db, recordArticlesSeen, saveDigest } from '../store/index.js';
import { createTokens, subscriberLinks } from '../subscribers/index.js';
import { resolveSecret } from './context.js';

export interface DigestWiring {
  select: SelectDigest;
  render: RenderDigest;
  links: LinksFor;
}

/**
 * Connects the send loop to the digest domain: the published articles with their first-seen
 * instants, selection, rendering (each distinct digest also kept for its web view) and the
 * subscriber's signed links.
 */
export async function digestWiring(config: Config, db: Db, now: Date): Promise<DigestWiring> {
  const store = await loadArticles(config.articlesDir, { timezone: config.timezone });
  const articles = publishedAt(store.articles, now);
  const firstSeen = await recordArticlesSeen(
    db,
    articles.map((a) => ({ id: a.id, categorySlug: a.category.slug })),
    now,
  );
  const byId = new Map<string, Article>(articles.map((a) => [a.id, a]));
  const renderer = createDigestRenderer({
    templates: await loadDigestTemplates(defaultTemplatesDir),
    siteUrl: config.siteUrl,
    siteName: config.siteName,
    timezone: config.timezone,
    language: config.language,
  });
  const tokens = createTokens(await resolveSecret(config));
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

  const render: RenderDigest = async (content, recipient) => {
    const chosen = content.articleIds.map((id) => {
      const article = byId.get(id);
      if (!article) throw new Error(`article ${id} is no longer in the store`);
      return article;
    });
    const selection: DigestSelection = {
      articles: chosen,
      moreCount: content.moreCount,
      key: contentKey(chosen, content.moreCount),
    };
    if (!saved.has(selection.key)) {
      const view = await renderer.renderWebView(selection);
      await saveDigest(
        db,
        {
          id: view.digestId,
          contentKey: selection.key,
          subject: view.subject,
          html: view.html,
          articleIds: content.articleIds,
        },
        new Date(),
      );
      saved.add(selection.key);
    }
    return renderer.render(selection, {
      email: recipient.email,
      ...(recipient.name ? { name: recipient.name } : {}),
      unsubscribeUrl: recipient.unsubscribeUrl,
      preferencesUrl: recipient.preferencesUrl,
    });
  };

  const links: LinksFor = (subscriberId, at) => {
    const web = subscriberLinks(config.siteUrl, tokens, subscriberId, at);
    if (!config.mailDomain) return web;
    const token = tokens.sign(subscriberId, 'unsubscribe', at);
    return { ...web, mailto: `mailto:unsubscribe+${token}@${config.mailDomain}` };
  };
  return { select, render, links };
}

/** The domain of Message-IDs, List-Id and mailto links. */
export function mailDomainOf(config: Config): string {
  return config.mailDomain ?? config.fromEmail.split('@')[1] ?? 'localhost';
}

export async function mailerFor(config: Config): Promise<Mailer> {
  const from = parseFromAddress(config.from) ?? { address: config.fromEmail };
  const dkim =
    config.dkimDomain && config.dkimSelector && config.dkimKey
      ? {
          domain: config.dkimDomain,
          selector: config.dkimSelector,
          privateKeyPem: await readFile(config.dkimKey, 'utf8'),
        }
      : undefined;
  return createMailer({
    smtpUrl: config.smtpUrl,
    outboxDir: join(config.dataDir, 'outbox'),
    pool: config.smtpPool,
    from,
    listId: `${config.siteName} <digest.${mailDomainOf(config)}>`,
    dkim,
  });
}
