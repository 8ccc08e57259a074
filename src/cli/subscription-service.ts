import type { Category } from '../articles/index.js';
import type { Config } from '../config.js';
import { createTemplateRenderer, noticeMailer } from '../mail/index.js';
import type { Db } from '../store/index.js';
import { createSubscriberRepository } from '../store/index.js';
import { createSubscriptionService, createTokens } from '../subscribers/index.js';
import { resolveSecret } from './context.js';
import { mailDomainOf, mailerFor } from './send-deps.js';

/**
 * The subscription service wired to the store, the signing secret, the templates and the digest
 * mailer (SMTP, or `.eml` files in `data/outbox/`; DKIM-signed when configured), so its emails
 * carry the same headers and signature as digests. `close` ends the SMTP pool.
 */
export async function openSubscriptions(
  config: Config,
  db: Db,
  categories: () => readonly Category[],
  options: { resendAfterMs?: number } = {},
) {
  const mailer = noticeMailer(await mailerFor(config), mailDomainOf(config));
  const service = createSubscriptionService({
    repository: createSubscriberRepository(db),
    tokens: createTokens(await resolveSecret(config)),
    mailer,
    render: createTemplateRenderer(),
    site: {
      siteUrl: config.siteUrl,
      siteName: config.siteName,
      categoryName: (slug) => categories().find((c) => c.slug === slug)?.name ?? slug,
    },
    ...options,
  });
  return { service, close: () => mailer.close() };
}
