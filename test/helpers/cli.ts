import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '../..');
const main = resolve(projectRoot, 'src/cli/main.ts');
/** tsx by its absolute URL, so a command also runs from a folder outside the project. */
const tsx = import.meta.resolve('tsx');
/** A settings file with nothing in it: a developer's own `.env` never changes a test. */
export const NO_ENV_FILE = resolve(projectRoot, 'test/fixtures/empty.env');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `gazette ARGS` in a child process, as a user would. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  cwd = projectRoot,
): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', tsx, main, ...args],
      {
        cwd,
        env: { ...process.env, GAZETTE_LOG_LEVEL: 'warn', GAZETTE_ENV_FILE: NO_ENV_FILE, ...env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Starts `gazette ARGS` in the background (e.g. `serve`). */
export function spawnCli(
  args: string[],
  env: Record<string, string> = {},
  cwd = projectRoot,
): ChildProcess {
  return spawn(process.execPath, ['--import', tsx, main, ...args], {
    cwd,
    env: { ...process.env, GAZETTE_LOG_LEVEL: 'info', GAZETTE_ENV_FILE: NO_ENV_FILE, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Polls `url` until it answers, or fails after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs = 20_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await fetch(url);
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms: ${String(lastError)}`);
}
