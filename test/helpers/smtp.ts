import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/** What a fault hook may do at a stage: accept, answer with a code, or drop the connection. */
export type Fault = undefined | { code: number; message: string } | 'drop';
export type FaultHook = (stage: 'rcpt' | 'data', address: string, raw?: string) => Fault;

export interface Received {
  to: string;
  raw: string;
  messageId: string;
}

export interface TestSmtp {
  url: string;
  port: number;
  received: Received[];
  /** Messages per Message-ID. */
  byMessageId(): Map<string, number>;
  setFault(hook: FaultHook | undefined): void;
  /** Milliseconds the server waits before answering each message. */
  setDelay(ms: number): void;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A real SMTP server in process (smtp-server) that keeps every accepted message raw. */
export async function startSmtp(): Promise<TestSmtp> {
  const received: Received[] = [];
  let fault: FaultHook | undefined;
  let delay = 0;
  const reject = (f: { code: number; message: string }) =>
    Object.assign(new Error(f.message), { responseCode: f.code });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, session, callback) {
      const f = fault?.('rcpt', address.address);
      if (f === 'drop') return destroy(session);
      callback(f ? reject(f) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const to = session.envelope.rcptTo[0]?.address ?? '';
        const f = fault?.('data', to, raw);
        if (f === 'drop') return destroy(session);
        if (f) return callback(reject(f));
        const finish = () => {
          const messageId = /^Message-ID: <([^>]+)>/im.exec(raw)?.[1] ?? '';
          received.push({ to, raw, messageId });
          callback();
        };
        // Unref: a test may leave a message unanswered on purpose (a server that hangs).
        if (delay > 0) setTimeout(finish, delay).unref();
        else finish();
      });
    },
  });
  type Connection = { id: string; _socket: { destroy(): void } };
  function destroy(session: SMTPServerSession) {
    // smtp-server keeps its connections in a set: cut ours without answering.
    for (const connection of (server as unknown as { connections: Set<Connection> }).connections) {
      if (connection.id === session.id) connection._socket.destroy();
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A client killed mid-message resets its socket; a real server shrugs that off too.
  server.on('error', () => {});
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    byMessageId() {
      const counts = new Map<string, number>();
      for (const r of received) counts.set(r.messageId, (counts.get(r.messageId) ?? 0) + 1);
      return counts;
    },
    setFault: (hook) => {
      fault = hook;
    },
    setDelay: (ms) => {
      delay = ms;
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`expected ${count} messages, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of (server as unknown as { connections: Set<Connection> })
          .connections) {
          connection._socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
