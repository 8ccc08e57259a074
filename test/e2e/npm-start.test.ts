import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, NO_ENV_FILE, projectRoot, waitForHttp } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gazette-npm-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether anything still accepts connections on `port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

describe('npm start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops with the server on %s: nothing is left on the port',
    async (signal) => {
      const port = await freePort();
      const data = mkdtempSync(join(dir, 'data-'));
      const npm = spawn('npm', ['start'], {
        cwd: projectRoot,
        env: {
          ...process.env,
          GAZETTE_PORT: String(port),
          GAZETTE_DATA_DIR: data,
          GAZETTE_DATABASE_URL: `sqlite:${join(data, 'gazette.db')}`,
          GAZETTE_ENV_FILE: NO_ENV_FILE,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group: whatever happens, the test ends every process it started.
        detached: true,
      });
      let output = '';
      npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<void>((done) => npm.once('exit', () => done()));
      try {
        await waitForHttp(`http://127.0.0.1:${port}/healthz`, 30_000);
        expect(npm.kill(signal)).toBe(true);
        await exited;
        // The server said goodbye itself, and nobody answers on its port any more.
        expect(output).toMatch(/"msg":"stopped; unfinished runs resume/);
        expect(await listening(port)).toBe(false);
      } finally {
        try {
          process.kill(-(npm.pid ?? 0), 'SIGKILL');
        } catch {
          // Already gone: nothing left in the group.
        }
      }
    },
    60_000,
  );
});
