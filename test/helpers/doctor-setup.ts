import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { listen, type RunningServer } from '../../src/http/index.js';
import { createSqlite, type TestDatabase } from './db.js';
import { startSmtp, type TestSmtp } from './smtp.js';
import { seedText, writeStore } from './store.js';
import { SECRET, type SubscriptionApp, subscriptionApp } from './subscription-app.js';

/** An RSA key as a PEM file in `dir`, as `GAZETTE_DKIM_KEY` names one. */
export function writeDkimKey(dir: string, name = 'dkim.pem'): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const path = join(dir, name);
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return path;
}

/** An article store; `paragraphBytes` makes each first paragraph (the summary) about that long. */
export function smallStore(options: { count?: number; paragraphBytes?: number } = {}) {
  const files: Record<string, string> = {};
  for (let i = 0; i < (options.count ?? 3); i++) {
    const filler = options.paragraphBytes ? ' lorem ipsum'.repeat(options.paragraphBytes / 12) : '';
    files[`${i}.txt`] = seedText({
      file: `${i}.txt`,
      category: i % 2 ? 'Biz updates' : 'Industrial Parks',
      title: `Story ${i}`,
      date: `2024-05-${String((i % 28) + 1).padStart(2, '0')}`,
      paragraphs: [`First paragraph of story ${i}.${filler}`, 'Second paragraph.'],
    });
  }
  return writeStore(files);
}

export interface DoctorSetUp {
  /** A folder of the block's own (the DKIM key is `dkim.pem` in it). */
  readonly dir: string;
  readonly test: TestDatabase;
  readonly smtp: TestSmtp;
  /** A set-up that passes every check: a real Gazette answers the one-click POSTs. */
  readonly env: Record<string, string>;
}

/**
 * For the enclosing `describe`: a small article store, a database, an SMTP server, a running
 * Gazette and a DKIM key, with the environment that names them all.
 */
export function doctorSetUp(): DoctorSetUp {
  const setUp = {} as { -readonly [K in keyof DoctorSetUp]: DoctorSetUp[K] };
  let store: Awaited<ReturnType<typeof smallStore>>;
  let gazette: SubscriptionApp;
  let server: RunningServer;
  beforeAll(async () => {
    setUp.dir = mkdtempSync(join(tmpdir(), 'gazette-doctor-'));
    store = await smallStore();
    setUp.test = await createSqlite();
    setUp.smtp = await startSmtp();
    gazette = await subscriptionApp(setUp.test.db, setUp.smtp.url);
    server = await listen(gazette.app, 0, '127.0.0.1');
    setUp.env = {
      GAZETTE_DATABASE_URL: setUp.test.url,
      GAZETTE_SECRET: SECRET,
      GAZETTE_DATA_DIR: setUp.dir,
      GAZETTE_ARTICLES_DIR: store.dir,
      GAZETTE_SITE_URL: `http://127.0.0.1:${server.port}`,
      GAZETTE_FROM: 'Gazette <news@news.example.org>',
      GAZETTE_SMTP_URL: setUp.smtp.url,
      GAZETTE_INBOUND_SMTP_PORT: '2525',
      GAZETTE_DKIM_DOMAIN: 'news.example.org',
      GAZETTE_DKIM_SELECTOR: 'gz1',
      GAZETTE_DKIM_KEY: writeDkimKey(setUp.dir),
    };
  });
  afterAll(async () => {
    await server?.close();
    gazette?.close();
    await setUp.smtp?.close();
    await setUp.test?.drop();
    await store?.remove();
    if (setUp.dir) rmSync(setUp.dir, { recursive: true, force: true });
  });
  return setUp;
}
