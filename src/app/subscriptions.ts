import type { Category } from '../articles/index.js';
import type { Config } from '../config.js';
import { createTemplateRenderer, noticeMailer } from '../mail/index.js';
import { createSubscriberRepository, type Db } from '../store/index.js';
import {
  createSubscriptionService,
  createTokens,
  type SubscriptionService,
} from '../subscribers/index.js';
import { mailDomainOf, mailerFor } from './mailer.js';
import { resolveSecret } from './secret.js';

/**
 * The subscription flow wired to the store, the signing secret, the templates and the digest
 * mailer (SMTP, or `.eml` files in `data/outbox/`; DKIM-signed when configured), so its emails
 * carry the same headers and signature as digests. `close` ends the SMTP pool.
 */
export async function openSubscriptions(
  config: Config,
  db: Db,
  categories: () => readonly Category[],
  options: { resendAfterMs?: number } = {},
): Promise<{ service: SubscriptionService; close(): void }> {
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
