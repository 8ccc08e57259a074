import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, spawnCli, waitForHttp } from '../helpers/cli.js';

describe('gazette serve', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
  });

  it('answers /healthz with the store counts (to the metrics token) and logs JSON', async () => {
    const port = await freePort();
    const data = `/tmp/gazette-serve-${port}`;
    const token = 'a-metrics-token-of-enough-length';
    child = spawnCli(['serve'], {
      GAZETTE_PORT: String(port),
      GAZETTE_DATA_DIR: data,
      GAZETTE_DATABASE_URL: `sqlite:${data}/gazette.db`,
      GAZETTE_METRICS_TOKEN: token,
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    const response = await waitForHttp(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    const counted = await fetch(`http://127.0.0.1:${port}/healthz`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await counted.json();
    expect(body).toMatchObject({ status: 'ok', articles: 2, categories: 2 });
    const loaded = output
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((entry) => entry.msg === 'article store loaded, feeds built');
    expect(loaded).toMatchObject({ articles: 2, categories: 2, problems: 0 });
  });

  it('stops on SIGTERM', async () => {
    const port = await freePort();
    const data = `/tmp/gazette-serve-${port}`;
    child = spawnCli(['serve'], {
      GAZETTE_PORT: String(port),
      GAZETTE_DATA_DIR: data,
      GAZETTE_DATABASE_URL: `sqlite:${data}/gazette.db`,
    });
    await waitForHttp(`http://127.0.0.1:${port}/healthz`);
    const exited = new Promise<number | null>((done) => child?.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
