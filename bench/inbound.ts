/**
 * One oversized message (100 MB; `--mb N`) to the inbound SMTP listener, in a process of its own,
 * beside the same message to a peer: smtp-server keeping the chunks and checking the size at the
 * end. Prints, for each, what the client managed to write, the peak growth of the server's
 * resident size, and how long until the connection was answered and closed. The target for
 * Gazette: within 20 MB of where it was (test/bounces/inbound-limits.test.ts holds it to that).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createAddressTokens } from '../src/bounces/index.js';
import { sendBody, startData } from '../test/helpers/raw-smtp.js';

const args = process.argv.slice(2);
const mbIndex = args.indexOf('--mb');
const megabytes = Number(mbIndex >= 0 ? args[mbIndex + 1] : 100);
const MB = 1024 * 1024;
const SECRET = 'a-bench-secret-of-enough-length';
const DOMAIN = 'news.example.org';
const recipient = createAddressTokens(SECRET, DOMAIN).unsubscribeAddress('subscriber-1') ?? '';

type Reply = { port?: number; rss: number; peak: number };

async function measure(name: string, script: string, argv: string[]) {
  const child: ChildProcess = fork(fileURLToPath(new URL(script, import.meta.url)), argv, {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () => new Promise<Reply>((done) => child.once('message', (m) => done(m as Reply)));
  const port = (await next()).port ?? 0;
  const ask = (message: object) => {
    const reply = next();
    child.send(message);
    return reply;
  };
  const before = await ask({ reset: true });
  const started = performance.now();
  const c = await startData(port, recipient);
  const written = await sendBody(c, megabytes * MB);
  // The peer answers only after the final dot, and keeps the connection.
  while (!/^552 /m.test(c.replies()) && !c.socket.destroyed) {
    await new Promise((done) => setTimeout(done, 5));
  }
  const ms = performance.now() - started;
  const after = await ask({ rss: true });
  c.socket.destroy();
  const exited = new Promise((done) => child.once('exit', done));
  child.send({ stop: true });
  await exited;
  console.log(
    `${name.padEnd(26)} wrote ${(written / MB).toFixed(1).padStart(6)} MB   RSS ${(before.rss / MB).toFixed(1)} MB -> peak ${(after.peak / MB).toFixed(1)} MB (+${((after.peak - before.rss) / MB).toFixed(1)} MB)   552 after ${ms.toFixed(0)} ms`,
  );
}

console.log(`a ${megabytes} MB message to a valid unsubscribe+...@ address (limit 2 MB)`);
await measure('gazette inbound listener', '../test/helpers/inbound-child.ts', [SECRET, DOMAIN]);
await measure('peer: smtp-server, buffered', './lib/inbound-peer.ts', []);
