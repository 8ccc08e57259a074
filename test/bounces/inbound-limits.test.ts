import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createAddressTokens,
  type InboundListener,
  startInboundListener,
} from '../../src/bounces/index.js';
import { createBounceStore } from '../../src/store/index.js';
import { createSqlite, type TestDatabase } from '../helpers/db.js';
import { type RawSmtpClient, rawSmtpClient, sendBody, startData } from '../helpers/raw-smtp.js';

const SECRET = 'a-test-secret-of-enough-length';
const DOMAIN = 'news.example.org';
const MB = 1024 * 1024;
const silent = { info() {}, warn() {}, error() {} };
const tokens = createAddressTokens(SECRET, DOMAIN);
const recipient = tokens.unsubscribeAddress('subscriber-1') ?? '';

describe('the inbound listener under abuse', () => {
  let database: TestDatabase;
  let listener: InboundListener;
  let quick: InboundListener;
  const open: RawSmtpClient[] = [];

  beforeAll(async () => {
    database = await createSqlite();
    listener = await startInboundListener({
      tokens,
      store: createBounceStore(database.db),
      logger: silent,
      hostname: DOMAIN,
      port: 0,
      host: '127.0.0.1',
      maxBytes: 1 * MB,
      maxConnectionsPerClient: 3,
    });
    // Its own listener: the others' connections must not time out while a test counts them.
    quick = await startInboundListener({
      tokens,
      store: createBounceStore(database.db),
      logger: silent,
      hostname: DOMAIN,
      port: 0,
      host: '127.0.0.1',
      idleTimeoutMs: 300,
    });
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.socket.destroy();
  });
  afterAll(async () => {
    await listener?.close();
    await quick?.close();
    await database?.drop();
  });

  it('stops reading an oversized message at the limit: 552, then the connection closes', async () => {
    const c = await startData(listener.port, recipient);
    open.push(c);
    const written = await sendBody(c, 64 * MB);
    await c.closed;
    expect(c.replies()).toMatch(/^552 /m);
    // The server stopped reading near the limit: most of the 64 MB never left the client.
    expect(written).toBeLessThan(16 * MB);
  });

  it('refuses a client address its fourth connection while three are open', async () => {
    for (let i = 0; i < 3; i++) {
      const c = rawSmtpClient(listener.port);
      open.push(c);
      expect(await c.next()).toMatch(/^220 /);
      c.command('NOOP');
      expect(await c.next()).toMatch(/^250 /);
    }
    const fourth = rawSmtpClient(listener.port);
    open.push(fourth);
    await fourth.closed;
    expect(fourth.replies()).toMatch(/^421 /m);
    // Once one closes, the address may connect again.
    open[0]?.command('QUIT');
    await open[0]?.closed;
    const again = rawSmtpClient(listener.port);
    open.push(again);
    expect(await again.next()).toMatch(/^220 /);
  });

  it('drops a connection that says nothing', async () => {
    const idle = rawSmtpClient(quick.port);
    open.push(idle);
    expect(await idle.next()).toMatch(/^220 /);
    await idle.closed;
    expect(idle.replies()).toMatch(/^421 /m);
  });
});

/**
 * A 100 MB message to a valid `unsubscribe+...@` address, with the listener in a process of its
 * own whose resident size is sampled throughout: it must stay within 20 MB of where it was.
 */
describe('a 100 MB message and the listener process memory', () => {
  let child: ChildProcess;
  let port: number;
  const ask = (message: object) =>
    new Promise<{ rss: number; peak: number }>((done) => {
      child.once('message', (reply) => done(reply as { rss: number; peak: number }));
      child.send(message);
    });

  beforeAll(async () => {
    child = fork(resolve(import.meta.dirname, '../helpers/inbound-child.ts'), [SECRET, DOMAIN], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    port = await new Promise<number>((done) =>
      child.once('message', (message) => done((message as { port: number }).port)),
    );
  });
  afterAll(async () => {
    if (!child) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.send({ stop: true });
    await exited;
  });

  it('stays within 20 MB of its resident size before the message', async () => {
    const before = await ask({ reset: true });
    const c = await startData(port, recipient);
    const written = await sendBody(c, 100 * MB);
    await c.closed;
    const after = await ask({ rss: true });
    const grew = (after.peak - before.rss) / MB;
    console.info(
      `inbound 100 MB message: client wrote ${(written / MB).toFixed(1)} MB; listener RSS ${(before.rss / MB).toFixed(1)} MB before, peak ${(after.peak / MB).toFixed(1)} MB (+${grew.toFixed(1)} MB)`,
    );
    expect(c.replies()).toMatch(/^552 /m);
    expect(grew).toBeLessThan(20);
  });
});
