import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import type { AddressTokens } from './address-tokens.js';
import { type BounceStore, handleInbound, type InboundOutcome } from './inbound.js';
import { createClientCounter, refuseOversized } from './listener-limits.js';

/** The few log calls the listener makes (pino's shape). */
export interface InboundLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface InboundListenerOptions {
  tokens: AddressTokens;
  store: BounceStore;
  /** After a new complaint: the complaint-rate guard looks at its run. */
  onComplaint?: (runId: string) => Promise<void>;
  logger: InboundLogger;
  /** The name the server greets with: the mail domain. */
  hostname: string;
  port: number;
  host?: string;
  /** Largest message taken; a report carries the original digest, so this is generous. */
  maxBytes?: number;
  /** Connections one client address may hold open at once (default 5). */
  maxConnectionsPerClient?: number;
  /** A connection that sends nothing for this long is closed with 421 (default 30 s). */
  idleTimeoutMs?: number;
  clock?: () => Date;
}

export interface InboundListener {
  port: number;
  close(): Promise<void>;
}

/**
 * The SMTP listener for bounce and abuse reports and mailto unsubscribes. Only `bounces+TOKEN@`
 * and `unsubscribe+TOKEN@` of the mail domain with a good token, and `feedback@` (whose reports
 * must carry a good token), pass `RCPT TO`: anything else is refused there, so nothing is ever
 * stored or relayed for it. No AUTH: this is a receiving MX.
 *
 * It is open to the whole Internet, so it holds no more than it must: a message is read only up
 * to `maxBytes` (past it the client gets 552 and the connection is closed, unread), one client
 * address holds a few connections at most, and a silent connection is dropped within
 * `idleTimeoutMs`, so idle sockets cannot crowd out real bounce reports.
 */
export async function startInboundListener(
  options: InboundListenerOptions,
): Promise<InboundListener> {
  const { tokens, logger } = options;
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const clock = options.clock ?? (() => new Date());
  const refuse = (message: string, code: number) =>
    Object.assign(new Error(message), { responseCode: code });
  const clients = createClientCounter(options.maxConnectionsPerClient ?? 5);

  const server: SMTPServer = new SMTPServer({
    name: options.hostname,
    banner: 'Gazette bounce and unsubscribe receiver',
    authOptional: true,
    disabledCommands: ['AUTH'],
    logger: false,
    size: maxBytes,
    maxClients: 50,
    socketTimeout: options.idleTimeoutMs ?? 30_000,
    // A reverse lookup per connection is a wait on DNS that a flood of connections multiplies.
    disableReverseLookup: true,
    onConnect(session, callback) {
      if (clients.open(session.id, session.remoteAddress)) return callback();
      logger.warn({ remote: session.remoteAddress }, 'inbound connection refused: too many open');
      callback(refuse('4.7.0 too many connections from your address; try again later', 421));
    },
    onClose(session) {
      clients.close(session.id);
    },
    onRcptTo(address: SMTPServerAddress, session, callback) {
      const named = tokens.read(address.address);
      if (named.kind === 'bounces' || named.kind === 'unsubscribe' || named.kind === 'feedback')
        return callback();
      if (named.kind === 'forged') {
        logger.warn(
          { recipient: address.address, remote: session.remoteAddress },
          'inbound mail refused: the address token does not verify',
        );
        return callback(refuse('5.1.1 no such mailbox', 550));
      }
      callback(refuse('5.7.1 relaying denied: this server receives only its own addresses', 550));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      let oversized = false;
      stream.on('data', (chunk: Buffer) => {
        if (oversized) return;
        size += chunk.length;
        if (size <= maxBytes) {
          chunks.push(chunk);
          return;
        }
        // Past the limit nothing more is read or kept: 552 now, and the connection closes.
        oversized = true;
        chunks.length = 0;
        logger.warn({ remote: session.remoteAddress, maxBytes }, 'inbound mail refused: too big');
        refuseOversized(server, session, maxBytes);
      });
      stream.on('end', () => {
        if (oversized) return;
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(refuse('5.3.4 message too big', 552));
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        const deps = {
          tokens,
          store: options.store,
          source: 'smtp' as const,
          ...(options.onComplaint ? { onComplaint: options.onComplaint } : {}),
        };
        handleInbound(raw, recipients, deps, clock())
          .then((outcomes) => {
            for (const outcome of outcomes) logOutcome(logger, outcome);
            // An abuse report at `feedback@` whose token does not verify is refused, as a forged
            // bounce address is at RCPT TO: the sender learns nothing was taken.
            const refused = (o: InboundOutcome) => o.kind === 'forged' || o.kind === 'unverified';
            if (outcomes.length > 0 && outcomes.every(refused)) {
              return callback(refuse('5.7.1 the report names no message of ours', 550));
            }
            callback();
          })
          .catch((error: unknown) => {
            logger.error({ err: error }, 'inbound mail not processed');
            callback(refuse('4.3.0 temporary failure, try again later', 451));
          });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => logger.error({ err: error }, 'inbound SMTP error'));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One log line per outcome: what changed, and for whom. */
export function logOutcome(logger: InboundLogger, outcome: InboundOutcome): void {
  switch (outcome.kind) {
    case 'bounced':
    case 'transient': {
      const { report } = outcome;
      const fields = {
        deliveryId: report.deliveryId,
        subscriberId: report.subscriberId,
        status: report.status,
        diagnostic: report.diagnostic,
        source: report.source,
      };
      if (outcome.kind === 'bounced') {
        logger.info({ ...fields, suppressed: outcome.suppressed }, 'bounce: permanent failure');
      } else logger.info(fields, 'bounce: transient failure recorded');
      return;
    }
    case 'complained':
      logger.info(
        {
          deliveryId: outcome.delivery.id,
          runId: outcome.delivery.runId,
          subscriberId: outcome.delivery.subscriberId,
          feedbackType: outcome.feedbackType,
          recorded: outcome.recorded,
        },
        'complaint: the reader reported the digest as spam',
      );
      return;
    case 'unverified':
      logger.warn({}, 'abuse report with no token of ours that verifies; ignored');
      return;
    case 'unsubscribed':
      logger.info(
        { subscriberId: outcome.subscriberId, changed: outcome.changed },
        'unsubscribed by mail',
      );
      return;
    case 'forged':
      logger.warn({ recipient: outcome.address }, 'inbound address token does not verify; ignored');
      return;
    default:
      logger.info({ outcome }, 'inbound mail changed nothing');
  }
}
