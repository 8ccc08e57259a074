import { createAddressTokens, readEnvelope } from '../bounces/index.js';
import type { Config } from '../config.js';
import { createHooks, type HookDeps, type Hooks } from '../hooks/index.js';
import type { Logger } from '../log.js';
import { createHookStore, type Db } from '../store/index.js';
import { complaintGuard } from './complaint-guard.js';
import { mailDomainOf } from './mailer.js';
import { resolveSecret } from './secret.js';

/**
 * The relays' webhooks of `gazette serve`: each one whose key or secret is configured. `sns` is
 * the seam where tests name the certificate host they serve.
 */
export async function hooksFor(
  config: Config,
  db: Db,
  logger: Logger,
  sns?: HookDeps['sns'],
): Promise<Hooks> {
  const tokens = createAddressTokens(await resolveSecret(config), mailDomainOf(config));
  const hooks = createHooks({
    store: createHookStore(db),
    secrets: {
      sesTopics: config.hookSesTopics,
      sendgridKey: config.hookSendgridKey,
      postmarkToken: config.hookPostmarkToken,
      mailgunKey: config.hookMailgunKey,
      genericSecret: config.hookSecret,
    },
    readEnvelope: (address) => readEnvelope(tokens, address),
    onComplaint: complaintGuard(config, db, logger).afterComplaint,
    ...(sns ? { sns } : {}),
  });
  if (hooks.enabled().length > 0) logger.info({ hooks: hooks.enabled() }, 'relay webhooks on');
  return hooks;
}
