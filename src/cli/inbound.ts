import {
  createAddressTokens,
  type InboundListener,
  startInboundListener,
} from '../bounces/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { createBounceStore, type Db } from '../store/index.js';
import { complaintGuard } from './complaint-guard.js';
import { resolveSecret } from './context.js';
import { mailDomainOf } from './send-deps.js';

/** The inbound SMTP listener of `gazette serve`, when `GAZETTE_INBOUND_SMTP_PORT` is set. */
export async function startInbound(
  config: Config,
  db: Db,
  logger: Logger,
): Promise<InboundListener | undefined> {
  if (config.inboundSmtpPort === undefined) return undefined;
  const domain = mailDomainOf(config);
  const listener = await startInboundListener({
    tokens: createAddressTokens(await resolveSecret(config), domain),
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
