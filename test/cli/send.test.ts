import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_ENV_FILE, projectRoot, runCli } from '../helpers/cli.js';
import { seedArticle, writeStore } from '../helpers/store-files.js';

const dir = mkdtempSync(join(tmpdir(), 'gazette-dry-run-'));
const articles = writeStore({
  'a.txt': seedArticle({ title: 'Harbin opens a park', date: '2024-06-21' }),
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(articles, { recursive: true, force: true });
});

const env = {
  GAZETTE_DATA_DIR: dir,
  GAZETTE_DATABASE_URL: `sqlite:${join(dir, 'gazette.db')}`,
  GAZETTE_ARTICLES_DIR: articles,
  GAZETTE_SMTP_URL: '',
  GAZETTE_SITE_URL: 'https://news.example.org',
};

function digestRows(): { id: string; site_url: string | null }[] {
  const db = new Database(join(dir, 'gazette.db'), { readonly: true });
  try {
    return db.prepare('select id, site_url from digests').all() as never;
  } finally {
    db.close();
  }
}

/** `gazette ARGS` on a terminal: `script` gives it a pseudo-terminal, as a person's shell would. */
function onTerminal(args: string[]): Promise<string> {
  const command = ['node', '--import', 'tsx', 'src/cli/main.ts', ...args].join(' ');
  return new Promise((done, fail) =>
    execFile(
      'script',
      ['-qec', command, '/dev/null'],
      { cwd: projectRoot, env: { ...process.env, GAZETTE_ENV_FILE: NO_ENV_FILE, ...env } },
      (error, stdout) => (error ? fail(error) : done(stdout)),
    ),
  );
}

describe('gazette send', () => {
  it('stores nothing; the real send then keeps the web view with the site URL it used', async () => {
    const added = await runCli(['subscribers', 'add', 'ann@example.org', '--confirmed'], env);
    expect(added.code).toBe(0);
    const dry = await runCli(['send', '--dry-run', '--force'], env);
    expect(dry.stderr).toMatch(
      /^dry run: 1 digest would be sent, 0 subscribers have nothing new$/m,
    );
    expect(dry.code).toBe(0);
    expect(digestRows()).toEqual([]);
    expect(readdirSync(dir)).not.toContain('outbox');

    const sent = await runCli(['send', '--force'], env);
    expect(sent.code).toBe(0);
    expect(digestRows()).toEqual([
      { id: expect.any(String), site_url: 'https://news.example.org' },
    ]);
    expect(readdirSync(join(dir, 'outbox'))).toHaveLength(1);

    // On a terminal: plain lines, each pre-send warning once, and no JSON log line.
    const shown = await onTerminal(['send']);
    expect(shown).not.toMatch(/"level":/);
    const warnings = shown.split(/\r?\n/).filter((line) => /warning: .*DKIM key/.test(line));
    expect(warnings).toHaveLength(1);
    expect(shown).toMatch(/run \S+ done: planned 0, sent 0, failed 0, skipped 1 \(0\.0\/s\)/);
  }, 60_000);
});
