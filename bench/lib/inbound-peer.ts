/**
 * The peer of `bench/inbound.ts`: smtp-server as its documentation shows it, with a size limit,
 * keeping every chunk of the message and checking the size at the end (what Gazette's listener
 * did before it stopped reading at the limit). Same IPC as `test/helpers/inbound-child.ts`.
 */
import { SMTPServer } from 'smtp-server';

const maxBytes = 2 * 1024 * 1024;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH'],
  logger: false,
  size: maxBytes,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
        return callback(Object.assign(new Error('5.3.4 message too big'), { responseCode: 552 }));
      }
      callback();
    });
  },
});
server.on('error', () => {});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
globalThis.gc?.();
let peak = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 5);
process.on('message', (message: { rss?: boolean; reset?: boolean; stop?: boolean }) => {
  if (message.reset) {
    globalThis.gc?.();
    peak = process.memoryUsage.rss();
  }
  if (message.rss || message.reset) process.send?.({ rss: process.memoryUsage.rss(), peak });
  if (message.stop) {
    clearInterval(sampler);
    server.close(() => process.exit(0));
  }
});
process.send?.({ port: (server.server.address() as { port: number }).port });
