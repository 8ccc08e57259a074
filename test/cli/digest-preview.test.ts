import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { digestCommands } from '../../src/cli/digest.js';
import { NO_ENV_FILE, runCli } from '../helpers/cli.js';
import { createSqlite, type TestDatabase } from '../helpers/db.js';
import { startSmtp } from '../helpers/smtp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const siteUrl = 'https://news.example.org';

describe('gazette digest preview', () => {
  let dir: string;
  let test: TestDatabase;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gazette-preview-'));
    test = await createSqlite();
    const at = Date.now();
    await test.db.kysely
      .insertInto('subscribers')
      .values({
        id: 's1',
        email: 'ann@example.org',
        name: 'Ann <Editor>',
        categories: '["industrial-parks"]',
        frequency: 'daily',
        status: 'confirmed',
        created_at: at,
        updated_at: at,
      })
      .execute();
  });
  afterAll(async () => {
    await test.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the CLI as a user would; resolves with its exit code and output. */
  function gazette(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { ...process.env, ...environment() };
    const argv = ['--import', 'tsx', 'src/cli/main.ts', ...args];
    return new Promise((resolve) => {
      execFile(process.execPath, argv, { cwd: root, env }, (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  function environment() {
    return {
      GAZETTE_DATABASE_URL: test.url,
      GAZETTE_SITE_URL: siteUrl,
      GAZETTE_ARTICLES_DIR: join(root, 'articles'),
      GAZETTE_TEMPLATES_DIR: join(root, 'templates'),
      GAZETTE_DATA_DIR: dir,
      GAZETTE_ENV_FILE: NO_ENV_FILE,
    };
  }

  /** The same command in this process (spawning each case costs seconds): output and error. */
  async function inProcess(...args: string[]) {
    Object.assign(process.env, environment());
    let stdout = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const program = new Command().exitOverride();
    digestCommands(program);
    try {
      await program.parseAsync(['node', 'gazette', ...args]);
      return { stdout, error: undefined };
    } catch (error) {
      return { stdout, error: error as Error & { exitCode?: number } };
    } finally {
      write.mockRestore();
      quiet.mockRestore();
    }
  }

  it('writes the HTML and the text of a first digest of some categories', async () => {
    const out = join(dir, 'biz.html');
    const result = await gazette(
      'digest',
      'preview',
      '--categories',
      'biz-updates',
      '--out',
      out,
      '--text',
    );
    expect(result.stderr).toContain('1 article in 1 category');
    expect(result.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const text = readFileSync(join(dir, 'biz.txt'), 'utf8');
    expect(html).toContain('Harbin selected as pilot city');
    expect(html).not.toContain('Harbin zones achieve');
    expect(html).not.toContain('<mj-');
    expect(text).toContain(`${siteUrl}/articles/harbin-selected-as-pilot-city`);
  });

  it("previews a subscriber's digest with their categories and name", async () => {
    const result = await inProcess('digest', 'preview', '--email', 'ann@EXAMPLE.org', '--text');
    expect(result.error).toBeUndefined();
    expect(result.stdout).toContain('Hello Ann <Editor>,');
    expect(result.stdout).toContain('Harbin zones achieve');
    expect(result.stdout).not.toContain('Harbin selected as pilot city');
  });

  it('says so when the address or a category is unknown, or neither is given', async () => {
    const unknown = await inProcess('digest', 'preview', '--email', 'nobody@example.org');
    expect(unknown.error?.message).toContain('no subscriber with address nobody@example.org');
    expect(unknown.error?.exitCode).toBe(1);
    const category = await inProcess('digest', 'preview', '--categories', 'weather');
    expect(category.error?.message).toContain('unknown categories: weather');
    const neither = await inProcess('digest', 'preview');
    expect(neither.error?.message).toContain('either --email ADDR or --categories');
    expect(neither.error?.exitCode).toBe(2);
  });

  it('a send uses the same templates folder as the preview', async () => {
    // A copy of the templates whose text part says where it came from.
    const custom = join(dir, 'custom-templates');
    cpSync(join(root, 'templates'), custom, { recursive: true });
    const text = readFileSync(join(custom, 'digest.txt'), 'utf8');
    writeFileSync(join(custom, 'digest.txt'), `From the custom templates.\n${text}`);
    const smtp = await startSmtp();
    try {
      const env = { ...environment(), GAZETTE_TEMPLATES_DIR: custom, GAZETTE_SMTP_URL: smtp.url };
      const preview = await runCli(
        ['digest', 'preview', '--email', 'ann@example.org', '--text'],
        env,
      );
      expect(preview.code, preview.stderr).toBe(0);
      expect(preview.stdout).toContain('From the custom templates.');
      const sent = await runCli(['send', '--to', 'ann@example.org'], env);
      expect(sent.code, sent.stderr).toBe(0);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]?.raw).toContain('From the custom templates.');
    } finally {
      await smtp.close();
    }
  });
});
