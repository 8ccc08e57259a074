import type { Hono } from 'hono';
import type { AppDeps } from './app.js';
import { hasBearer, monitoringToken } from './bearer.js';

/** One dependency `/healthz` looks at; `check` throws (or times out) when it is down. */
export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

const TIMEOUT_MS = 3000;

/**
 * `GET /healthz`: every configured check (the article folder, the database, the SMTP server when
 * one is set) in parallel; 503 when any is down, so a load balancer or orchestrator stops sending
 * work to this process. A stranger learns only up or down; the monitoring bearer token (see
 * `/metrics`) also gets the article store's counts and each check. Errors are shown without
 * URLs: they may carry credentials.
 */
export function healthRoutes(app: Hono, deps: AppDeps): void {
  const token = monitoringToken(deps.config);
  app.get('/healthz', async (c) => {
    const store = deps.site.current();
    const checks: Record<string, { status: 'ok' | 'down'; ms: number; error?: string }> = {};
    await Promise.all(
      (deps.health ?? []).map(async ({ name, check }) => {
        const started = performance.now();
        try {
          await withTimeout(check(), TIMEOUT_MS);
          checks[name] = { status: 'ok', ms: Math.round(performance.now() - started) };
        } catch (error) {
          checks[name] = {
            status: 'down',
            ms: Math.round(performance.now() - started),
            error: describe(error),
          };
        }
      }),
    );
    const down = Object.values(checks).some((check) => check.status === 'down');
    if (!hasBearer(c, token)) {
      return c.json({ status: down ? 'down' : 'ok' }, down ? 503 : 200, {
        'Cache-Control': 'no-store',
      });
    }
    return c.json(
      {
        status: down ? 'down' : 'ok',
        articles: store.articles.length,
        categories: store.categories.length,
        problems: store.problems.length,
        checks,
      },
      down ? 503 : 200,
      { 'Cache-Control': 'no-store' },
    );
  });
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '(url)').slice(0, 200);
}
