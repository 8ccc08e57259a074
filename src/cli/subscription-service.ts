import { join } from 'node:path';
import type { Category } from '../articles/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { createMailTransport, createTemplateRenderer } from '../mail/index.js';
import type { Db } from '../store/index.js';
import { createSubscriberRepository } from '../store/index.js';
import { createSubscriptionService, createTokens } from '../subscribers/index.js';
import { resolveSecret } from './context.js';
import { outboxLog } from './send-deps.js';

/**
 * The subscription service wired to the store, the signing secret, the templates and the mail
 * transport (SMTP, or `.eml` files in `data/outbox/`). `close` ends the SMTP pool.
 */
export async function openSubscriptions(
  config: Config,
  db: Db,
  categories: () => readonly Category[],
  options: { resendAfterMs?: number; logger?: Logger } = {},
) {
  const { logger, ...serviceOptions } = options;
  const transport = createMailTransport({
    smtpUrl: config.smtpUrl,
    outboxDir: join(config.dataDir, 'outbox'),
    pool: config.smtpPool,
    onWritten: logger ? outboxLog(logger) : undefined,
  });
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
    ...serviceOptions,
  });
  return { service, close: () => transport.close() };
}
