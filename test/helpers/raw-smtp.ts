import { connect, type Socket } from 'node:net';

/**
 * A raw SMTP client for the listener's limits: it writes what a test asks, however large or
 * slow, and reads the server's replies as they come (nodemailer would stop at the first error).
 */

/** The server's final reply lines in order, and a socket to write anything to. */
export function rawSmtpClient(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  let text = '';
  let taken = 0;
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  socket.on('data', (chunk) => {
    text += chunk.toString('latin1');
    wake();
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((done) =>
    socket.once('close', () => {
      done();
      wake();
    }),
  );
  /** Final reply lines (`250 ...`, not the `250-...` lines before them). */
  const finals = () => text.split('\r\n').filter((line) => /^\d{3} /.test(line));
  return {
    socket,
    closed,
    replies: () => text,
    /** The next final reply; rejects when the connection closes without one. */
    async next(): Promise<string> {
      while (finals().length <= taken) {
        if (socket.destroyed) throw new Error(`closed without a reply; got:\n${text}`);
        await new Promise<void>((w) => waiters.push(w));
      }
      return finals()[taken++] as string;
    },
    command: (line: string) => socket.write(`${line}\r\n`),
  };
}

export type RawSmtpClient = ReturnType<typeof rawSmtpClient>;

/** Greeting, EHLO, MAIL, RCPT and DATA, up to the 354. */
export async function startData(port: number, recipient: string): Promise<RawSmtpClient> {
  const c = rawSmtpClient(port);
  expectReply(await c.next(), '220', 'greeting');
  for (const [command, code] of [
    ['EHLO sender.example', '250'],
    ['MAIL FROM:<sender@example.com>', '250'],
    [`RCPT TO:<${recipient}>`, '250'],
    ['DATA', '354'],
  ] as const) {
    c.command(command);
    expectReply(await c.next(), code, command);
  }
  return c;
}

/**
 * Writes `total` bytes of message in chunks, honouring back-pressure, until they are written or
 * the server closes the connection; resolves with the bytes the socket took.
 */
export async function sendBody(c: RawSmtpClient, total: number): Promise<number> {
  const line = Buffer.from(`${'x'.repeat(998)}\r\n`);
  const chunk = Buffer.concat(Array.from({ length: 64 }, () => line));
  let written = 0;
  while (written < total && !c.socket.destroyed && c.socket.writable) {
    written += chunk.length;
    if (!c.socket.write(chunk)) {
      await Promise.race([new Promise((done) => c.socket.once('drain', done)), c.closed]);
    }
  }
  if (!c.socket.destroyed && c.socket.writable) c.socket.write('\r\n.\r\n');
  return written;
}

function expectReply(reply: string, code: string, what: string): void {
  if (!reply.startsWith(`${code} `)) throw new Error(`${what}: expected ${code}, got ${reply}`);
}
