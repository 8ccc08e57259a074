import type { Category } from '../articles/index.js';
import type { Config } from '../config.js';
import { createTemplateRenderer } from '../mail/index.js';
import { createSubscriberRepository, type Db } from '../store/index.js';
import {
  createSubscriptionService,
  createTokens,
  type SubscriptionService,
} from '../subscribers/index.js';
import { transportFor } from './mailer.js';
import { resolveSecret } from './secret.js';

/**
 * The subscription flow wired to the store, the signing secret, the templates and the mail
 * transport (SMTP, or `.eml` files in `data/outbox/`). `close` ends the SMTP pool.
 */
export async function openSubscriptions(
  config: Config,
  db: Db,
  categories: () => readonly Category[],
  options: { resendAfterMs?: number } = {},
): Promise<{ service: SubscriptionService; close(): void }> {
  const transport = transportFor(config);
  const service = createSubscriptionService({
    repository: createSubscriberRepository(db),
    tokens: createTokens(await resolveSecret(config)),
    mailer: transport,
    render: createTemplateRenderer(),
    site: {
      siteUrl: config.siteUrl,
      siteName: config.siteName,
      from: config.from,
      categoryName: (slug) => categories().find((c) => c.slug === slug)?.name ?? slug,
    },
    ...options,
  });
  return { service, close: () => transport.close() };
}
