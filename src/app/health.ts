import { stat } from 'node:fs/promises';
import type { Config } from '../config.js';
import type { HealthCheck } from '../http/index.js';
import { type Db, pingDatabase } from '../store/index.js';
import { transportFor } from './mailer.js';

/** `/healthz` beyond the counts: the article folder, the database, and SMTP when configured. */
export function healthChecks(config: Config, db: Db): HealthCheck[] {
  const checks: HealthCheck[] = [
    {
      name: 'articles',
      async check() {
        if (!(await stat(config.articlesDir)).isDirectory())
          throw new Error('the article store is not a folder');
      },
    },
    { name: 'database', check: () => pingDatabase(db) },
  ];
  if (config.smtpUrl) {
    const transport = transportFor(config, 1);
    // A probe opens a connection: at most one every few seconds, however often health is asked.
    checks.push({ name: 'smtp', check: cached(() => transport.verify(), 5000) });
  }
  return checks;
}

function cached(probe: () => Promise<void>, ms: number): () => Promise<void> {
  let last: { at: number; result: Promise<void> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at > ms) last = { at: now, result: probe() };
    return last.result;
  };
}
