import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { MailError, type Mailer, type MailMessage, type NoticeMessage } from '../send/index.js';
import { classifySmtpError } from './classify.js';
import { buildSmtpData, type MimeOptions } from './mime.js';

export interface SmtpPoolOptions extends MimeOptions {
  /** `smtp://user:pass@host:port` or `smtps://...`. */
  url: string;
  /** Connections kept open, one message in flight on each. */
  pool: number;
  /** SMTP MAIL FROM when a message names none; the From address when unset. */
  envelopeFrom?: string;
  /** Seconds an SMTP exchange may stall before the connection is dropped. */
  socketTimeoutMs?: number;
}

/** One of the pool's connections: open or not yet (re)opened, and whether a send holds it. */
interface PooledConnection {
  connection: SMTPConnection | null;
  busy: boolean;
}

/**
 * N connections driven directly: a raw message per `send`, no composer, no queue of its own
 * (the caller runs exactly `concurrency` lanes; pacing is the caller's too). A broken connection
 * is dropped and reopened on the next send.
 */
export function createSmtpPool(options: SmtpPoolOptions): Mailer {
  const url = new URL(options.url);
  const secure = url.protocol === 'smtps:';
  const auth = url.username
    ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
    : undefined;
  const pooled: PooledConnection[] = Array.from({ length: options.pool }, () => ({
    connection: null,
    busy: false,
  }));
  const waiting: ((held: PooledConnection) => void)[] = [];
  const envelopeFrom = options.envelopeFrom ?? options.from.address;

  const acquire = (): Promise<PooledConnection> => {
    const free = pooled.find((held) => !held.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (held: PooledConnection) => {
    const next = waiting.shift();
    if (next) next(held);
    else held.busy = false;
  };
  const drop = (held: PooledConnection) => {
    held.connection?.close();
    held.connection = null;
  };

  const open = (held: PooledConnection): Promise<SMTPConnection> =>
    new Promise((resolve, reject) => {
      const connection = new SMTPConnection({
        host: url.hostname,
        port: Number(url.port) || (secure ? 465 : 587),
        secure,
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: options.socketTimeoutMs ?? 60_000,
        socketCloseTimeout: 0,
      });
      writeDataAsIs(connection);
      // Until the greeting, a failure to connect (refused, reset, timed out) reaches only the
      // 'error' event, never connect's callback: it must settle the opening too, or the sender
      // would wait for ever on a server that is down. Settling twice is harmless.
      connection.on('error', (error: Error) => {
        if (held.connection === connection) held.connection = null;
        reject(classifySmtpError(error));
      });
      connection.on('end', () => {
        if (held.connection === connection) held.connection = null;
        reject(new MailError('smtp: the connection closed before the greeting', 'connection'));
      });
      connection.connect((error) => {
        if (error) {
          connection.close();
          return reject(classifySmtpError(error));
        }
        if (!auth) return resolve(connection);
        connection.login(auth, (loginError) => {
          if (!loginError) return resolve(connection);
          connection.close();
          reject(classifySmtpError(loginError));
        });
      });
    });

  const transmit = (
    connection: SMTPConnection,
    message: MailMessage | NoticeMessage,
    data: Buffer[],
  ) =>
    new Promise<string>((resolve, reject) => {
      const from = message.envelopeFrom ?? envelopeFrom;
      // A list of buffers is not a stream to nodemailer: it goes to our send stream's write.
      connection.send({ from, to: [message.to] }, data as unknown as Buffer, (error, info) => {
        if (error) reject(error);
        else resolve(info?.response ?? '');
      });
    });

  const reset = (connection: SMTPConnection) =>
    new Promise<boolean>((resolve) => connection.reset((error) => resolve(!error)));

  return {
    concurrency: options.pool,
    async send(message: MailMessage | NoticeMessage) {
      const data = buildSmtpData(message, options);
      const held = await acquire();
      try {
        if (!held.connection) held.connection = await open(held);
        const response = await transmit(held.connection, message, data);
        return { response };
      } catch (error) {
        const classified = error instanceof MailError ? error : classifySmtpError(error);
        // A refused message leaves the session usable after RSET; anything else, reconnect.
        const keep =
          held.connection &&
          (classified.kind === 'temporary' || classified.kind === 'permanent') &&
          (await reset(held.connection));
        if (!keep) drop(held);
        throw classified;
      } finally {
        release(held);
      }
    },
    async close() {
      for (const held of pooled) {
        held.connection?.quit();
        drop(held);
      }
    },
  };
}

interface ConnectionInternals {
  _socket: { write(data: Buffer): boolean; cork(): void; uncork(): void };
  _responseActions: ((reply: string) => void)[];
  _actionSMTPStream(reply: string, callback: unknown): void;
  _createSendStream: (callback: unknown) => unknown;
}

const END_OF_DATA = Buffer.from('.\r\n');

/**
 * Our DATA is already dot-stuffed, once per shared part (`buildSmtpData`), and has CRLF line
 * ends throughout; nodemailer would scan every byte again through its escaping stream, and
 * write the message and its final dot line separately. So the connection's send stream is
 * replaced by one that writes the parts and the final dot line to the socket in one `writev`;
 * the reply is handled as nodemailer's own stream would have it. This leans on internals of
 * nodemailer's SMTPConnection (pinned by the lock file, checked here, and exercised by
 * test/mail/smtp-pool.test.ts): if they change, sending stops with a clear error.
 */
function writeDataAsIs(connection: SMTPConnection): void {
  const c = connection as unknown as ConnectionInternals;
  if (
    typeof c._createSendStream !== 'function' ||
    typeof c._actionSMTPStream !== 'function' ||
    !Array.isArray(c._responseActions)
  ) {
    throw new MailError('smtp: this nodemailer version has no send stream to replace', 'fatal');
  }
  c._createSendStream = (callback) => {
    c._responseActions.push((reply) => c._actionSMTPStream(reply, callback));
    let size = END_OF_DATA.length;
    return {
      // nodemailer calls write(message) then end() at once: corked, they leave as one write.
      write(parts: Buffer[]) {
        c._socket.cork();
        for (const part of parts) {
          size += part.length;
          c._socket.write(part);
        }
      },
      end() {
        c._socket.write(END_OF_DATA);
        c._socket.uncork();
      },
      get outByteCount() {
        return size;
      },
    };
  };
}
