/**
 * The inbound SMTP listener alone in a process of its own, on a fresh SQLite database, so that a
 * test can measure that process's memory while it sends a large message. It tells its parent
 * (IPC) its port, then answers `{ rss: true }` with its current and peak resident size, sampled
 * every few milliseconds from the start of the message on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAddressTokens, startInboundListener } from '../../src/bounces/index.js';
import { createBounceStore, migrateToLatest, openDatabase } from '../../src/store/index.js';

const [secret = '', domain = ''] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'gazette-inbound-child-'));
const db = await openDatabase(`sqlite:${join(dir, 'gazette.db')}`);
await migrateToLatest(db);
const silent = { info() {}, warn() {}, error() {} };
const listener = await startInboundListener({
  tokens: createAddressTokens(secret, domain),
  store: createBounceStore(db),
  logger: silent,
  hostname: domain,
  port: 0,
  host: '127.0.0.1',
});
// Settle the heap the start-up left, so the baseline is the idle listener's.
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
    void listener.close().then(async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  }
});
process.send?.({ port: listener.port });
