import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { withEnvFile } from '../src/env-file.js';
import { projectRoot, runCli } from './helpers/cli.js';
import { seedArticle, writeStore } from './helpers/store-files.js';

const dir = mkdtempSync(join(tmpdir(), 'gazette-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the settings file', () => {
  it('sits beneath the environment: a variable set in both takes the environment value', () => {
    writeFileSync(
      join(dir, '.env'),
      '# a comment\nGAZETTE_PORT=9100\nGAZETTE_SITE_NAME="The Daily # One"\nGAZETTE_FROM=Desk <desk@example.org>\n',
    );
    const { env, file } = withEnvFile({ GAZETTE_PORT: '9200' }, dir);
    expect(file).toBe(join(dir, '.env'));
    const config = loadConfig(env);
    expect(config.port).toBe(9200);
    expect(config.siteName).toBe('The Daily # One');
    expect(config.fromEmail).toBe('desk@example.org');
    expect(config.siteUrl).toBe('http://localhost:9200');
  });

  it('is optional, unless GAZETTE_ENV_FILE names one', () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    expect(withEnvFile({ GAZETTE_PORT: '1' }, empty)).toEqual({ env: { GAZETTE_PORT: '1' } });
    expect(() => withEnvFile({ GAZETTE_ENV_FILE: 'missing.env' }, empty)).toThrow(ConfigError);
    writeFileSync(join(empty, 'prod.env'), 'GAZETTE_PORT=9300\n');
    expect(loadConfig(withEnvFile({ GAZETTE_ENV_FILE: 'prod.env' }, empty).env).port).toBe(9300);
  });

  it('is read by every command, from the folder it runs in', async () => {
    const fromFile = writeStore({ 'a.txt': seedArticle({ title: 'One' }) });
    const fromEnv = writeStore({
      'a.txt': seedArticle({ title: 'One' }),
      'b.txt': seedArticle({ title: 'Two', crumb: 'Home>Sport' }),
    });
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    writeFileSync(join(cwd, '.env'), `GAZETTE_ARTICLES_DIR=${fromFile}\n`);
    writeFileSync(join(cwd, 'other.env'), 'GAZETTE_PORT=abc\n');
    // No GAZETTE_ENV_FILE: the folder's own .env.
    const env = { GAZETTE_ARTICLES_DIR: '', GAZETTE_ENV_FILE: '' };
    const [file, overridden, named] = await Promise.all([
      runCli(['articles', 'check'], env, cwd),
      runCli(['articles', 'check'], { ...env, GAZETTE_ARTICLES_DIR: fromEnv }, cwd),
      runCli(['articles', 'check'], { ...env, GAZETTE_ENV_FILE: 'other.env' }, cwd),
    ]);
    expect(file.stderr).toMatch(/^1 article in 1 category, 0 problems$/m);
    expect(overridden.stderr).toMatch(/^2 articles in 2 categories, 0 problems$/m);
    expect(named.code).toBe(2);
    expect(named.stderr).toBe('gazette: GAZETTE_PORT must be a port number (1-65535), got "abc"\n');
    rmSync(fromFile, { recursive: true });
    rmSync(fromEnv, { recursive: true });
  }, 60_000);
});

describe('the time zone', () => {
  it("defaults to the machine's own zone", async () => {
    const script = `import('./src/config.ts').then((m) => console.log(m.loadConfig({}).timezone))`;
    const zone = async (TZ: string) =>
      (
        await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script], {
          cwd: projectRoot,
          env: { ...process.env, TZ },
        })
      ).stdout.trim();
    expect(await zone('America/New_York')).toBe('America/New_York');
    expect(await zone('Asia/Tokyo')).toBe('Asia/Tokyo');
  });
});
