import type { Hono } from 'hono';
import type { AppDeps } from './app.js';

/** One dependency `/healthz` looks at; `check` throws (or times out) when it is down. */
export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

const TIMEOUT_MS = 3000;

/**
 * `GET /healthz`: the article store's counts, and every configured check (the article folder, the
 * database, the SMTP server when one is set) in parallel. 503 when any is down, so a load balancer or orchestrator stops
 * sending work to this process. Errors are shown without URLs: they may carry credentials.
 */
export function healthRoutes(app: Hono, deps: AppDeps): void {
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
