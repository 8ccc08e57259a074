import type { ChildProcess } from 'node:child_process';
import { freePort, spawnCli, waitForHttp } from './cli.js';

export interface ServeProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** The value of a metric without labels, or the sum over its label sets. */
  metric(name: string): Promise<number>;
}

/** `gazette serve` in a child process, answering `/healthz`. */
export async function startServe(env: Record<string, string>): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawnCli(['serve'], { GAZETTE_PORT: String(port), ...env });
  const logs: Record<string, unknown>[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {}
    }
  });
  child.stderr?.on('data', () => {});
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, 30_000);
  return {
    port,
    url,
    child,
    logs,
    exited,
    async metric(name) {
      const token = env.GAZETTE_METRICS_TOKEN ?? env.GAZETTE_ADMIN_TOKEN;
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      const text = await (await fetch(`${url}/metrics`, { headers })).text();
      let sum = 0;
      for (const line of text.split('\n')) {
        const match = /^(\w+)(?:\{[^}]*\})? (\S+)$/.exec(line);
        if (match?.[1] === name) sum += Number(match[2]);
      }
      return sum;
    },
  };
}
