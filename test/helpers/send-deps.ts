import { afterEach, beforeEach } from 'vitest';
import { createSmtpPool } from '../../src/mail/index.js';
import type { SendDeps } from '../../src/send/index.js';
import { createDeliveryStore } from '../../src/store/index.js';
import type { TestDatabase } from './db.js';
import { type TestArticle, testDigest } from './send-fixtures.js';
import { startSmtp, type TestSmtp } from './smtp.js';

export const sendRequest = {
  kind: 'digest',
  frequency: 'daily' as const,
  categories: [],
  startedBy: 'test',
};

export const oneArticle: TestArticle[] = [
  {
    id: 'a1',
    title: 'Harbin pilot city',
    category: 'biz',
    seenAt: new Date('2024-06-20T00:00:00Z'),
  },
];

/** Send dependencies against a test database and SMTP server; `close` ends the pool. */
export function sendDeps(
  test: TestDatabase,
  smtp: TestSmtp,
  overrides: Partial<SendDeps> & { pool?: number } = {},
): SendDeps & { close(): Promise<void> } {
  const { pool = 5, ...rest } = overrides;
  const mailer = createSmtpPool({
    url: smtp.url,
    pool,
    from: { address: 'news@example.org', name: 'Gazette' },
    listId: 'Gazette <digest.example.org>',
  });
  const started = Date.now();
  const base = new Date('2024-06-21T07:00:00Z');
  return {
    store: createDeliveryStore(test.db),
    mailer,
    ...testDigest(() => oneArticle),
    links: (id) => ({
      unsubscribe: `https://news.example.org/unsubscribe?token=u-${id}`,
      preferences: `https://news.example.org/preferences?token=p-${id}`,
    }),
    messageDomain: 'example.org',
    clock: () => new Date(base.getTime() + Date.now() - started),
    retry: { baseMs: 20, maxMs: 200, giveUpAfterMs: 3_600_000, pauseBaseMs: 5, pauseMaxMs: 50 },
    ...rest,
    close: () => mailer.close(),
  };
}

/**
 * A fresh database (from `create`) and SMTP server for each test of the enclosing `describe`;
 * read them from the returned object inside the tests.
 */
export function freshDatabaseAndSmtp(create: () => Promise<TestDatabase>): {
  readonly test: TestDatabase;
  readonly smtp: TestSmtp;
} {
  const fixture = {} as { test: TestDatabase; smtp: TestSmtp };
  beforeEach(async () => {
    fixture.test = await create();
    fixture.smtp = await startSmtp();
  });
  afterEach(async () => {
    await fixture.smtp?.close();
    await fixture.test?.drop();
  });
  return fixture;
}

/** The environment of a `gazette` process that sends from `test` to `smtp`, the seed articles. */
export function cliSendEnv(
  test: TestDatabase,
  smtp: TestSmtp,
  dataDir: string,
  pool: number,
): Record<string, string> {
  return {
    GAZETTE_DATABASE_URL: test.url,
    GAZETTE_SMTP_URL: smtp.url,
    GAZETTE_SMTP_POOL: String(pool),
    GAZETTE_DATA_DIR: dataDir,
    GAZETTE_ARTICLES_DIR: 'articles',
    GAZETTE_SECRET: 'a-test-secret-of-enough-length',
    GAZETTE_FROM: 'Gazette <news@example.org>',
    GAZETTE_LOG_LEVEL: 'silent',
  };
}
