import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestDatabase } from './db.js';
import type { ServeProcess } from './serve.js';
import { startSmtp, type TestSmtp } from './smtp.js';
import { seedArticle } from './store-files.js';

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A database (from `create`), an article folder, an SMTP server and the `serve` workers started
 * on them; `close` ends all.
 */
export async function scheduleFixture(create: () => Promise<TestDatabase>) {
  const test = await create();
  const smtp: TestSmtp = await startSmtp();
  const dir = mkdtempSync(join(tmpdir(), 'gazette-schedule-'));
  const articles = join(dir, 'articles');
  const workers: ServeProcess[] = [];
  const writeArticle = (file: string, title: string) => {
    mkdirSync(articles, { recursive: true });
    writeFileSync(
      join(articles, file),
      seedArticle({ crumb: 'Home>Biz updates', title, date: '2024-06-21' }),
    );
  };
  writeArticle('one.txt', 'First story');
  return {
    test,
    smtp,
    workers,
    writeArticle,
    env: (cron: string): Record<string, string> => ({
      GAZETTE_DATABASE_URL: test.url,
      GAZETTE_SMTP_URL: smtp.url,
      GAZETTE_SMTP_POOL: '2',
      GAZETTE_DATA_DIR: join(dir, 'data'),
      GAZETTE_ARTICLES_DIR: articles,
      GAZETTE_SECRET: 'a-test-secret-of-enough-length',
      GAZETTE_FROM: 'Gazette <news@example.org>',
      GAZETTE_TIMEZONE: 'UTC',
      GAZETTE_DAILY_CRON: cron,
      // What reads the workers' metrics.
      GAZETTE_METRICS_TOKEN: 'a-metrics-token-of-enough-length',
    }),
    /** Each address's messages, raw, in arrival order. */
    perAddress(): Map<string, string[]> {
      const seen = new Map<string, string[]>();
      for (const r of smtp.received) seen.set(r.to, [...(seen.get(r.to) ?? []), r.raw]);
      return seen;
    },
    async close() {
      for (const worker of workers.splice(0)) {
        worker.child.kill('SIGKILL');
        await worker.exited;
      }
      await smtp.close();
      await test.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type ScheduleFixture = Awaited<ReturnType<typeof scheduleFixture>>;
