import {
  type AddressTokens,
  createAddressTokens,
  type InboundDeps,
  type InboundListener,
  startInboundListener,
} from '../bounces/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { createBounceStore, type Db } from '../store/index.js';
import { complaintGuard } from './complaint-guard.js';
import { mailDomainOf } from './mailer.js';
import { resolveSecret } from './secret.js';

/** The signed bounce and unsubscribe addresses of the mail domain, as digests carry them. */
async function addressTokensFor(config: Config): Promise<AddressTokens> {
  return createAddressTokens(await resolveSecret(config), mailDomainOf(config));
}

/**
 * What `gazette bounces import` acts through: the listener's tokens and store, for files, and
 * the complaint-rate guard after a new complaint.
 */
export async function bounceFileImport(
  config: Config,
  db: Db,
  logger: Pick<Logger, 'warn'>,
): Promise<InboundDeps> {
  return {
    tokens: await addressTokensFor(config),
    store: createBounceStore(db),
    source: 'file',
    onComplaint: complaintGuard(config, db, logger).afterComplaint,
  };
}

/** The inbound SMTP listener of `gazette serve`, when `GAZETTE_INBOUND_SMTP_PORT` is set. */
export async function startInbound(
  config: Config,
  db: Db,
  logger: Logger,
): Promise<InboundListener | undefined> {
  if (config.inboundSmtpPort === undefined) return undefined;
  const domain = mailDomainOf(config);
  const listener = await startInboundListener({
    tokens: await addressTokensFor(config),
    store: createBounceStore(db),
    onComplaint: complaintGuard(config, db, logger).afterComplaint,
    logger,
    hostname: domain,
    port: config.inboundSmtpPort,
  });
  logger.info(
    { port: listener.port, domain },
    'receiving bounce and abuse reports and mailto unsubscribes',
  );
  return listener;
}
