import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../src/cli/errors.js';
import { migrateCommand } from '../../src/cli/migrate.js';
import { subscribersCommands } from '../../src/cli/subscribers.js';
import { migrateToLatest, openDatabase } from '../../src/store/index.js';
import { parseCsv } from '../../src/subscribers/index.js';
import { NO_ENV_FILE } from '../helpers/cli.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';
import { SECRET } from '../helpers/subscription-app.js';

const BIN = join(import.meta.dirname, '../../bin/gazette.js');
const ARTICLES = join(import.meta.dirname, '../../articles');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `gazette subscribers ...` in process (a child process costs seconds each): the commands as
 * registered, with the environment set and stdout and stderr captured. A thrown `CliError` is
 * what `main.ts` prints to stderr with its exit code.
 */
async function gazette(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  const program = new Command().exitOverride();
  subscribersCommands(program);
  migrateCommand(program);
  process.exitCode = undefined;
  let code = 0;
  try {
    await program.parseAsync(['node', 'gazette', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    err.push(`${error.message}\n`);
    code = error.exitCode;
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = undefined;
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const csv = (text: string) => parseCsv(text).map((record) => record.fields);

describe.each(databases)('gazette subscribers on $name', ({ create }) => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let dir: string;

  beforeEach(async () => {
    database = await create();
    sink = await startSmtpSink();
    dir = mkdtempSync(join(tmpdir(), 'gazette-cli-'));
    vi.stubEnv('GAZETTE_ENV_FILE', NO_ENV_FILE);
    vi.stubEnv('GAZETTE_DATABASE_URL', database.url);
    vi.stubEnv('GAZETTE_DATA_DIR', join(dir, 'data'));
    vi.stubEnv('GAZETTE_SMTP_URL', sink.url);
    vi.stubEnv('GAZETTE_SECRET', SECRET);
    vi.stubEnv('GAZETTE_ARTICLES_DIR', ARTICLES);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await sink.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the schema up to date (the test database is migrated)', async () => {
    expect(await gazette('migrate')).toEqual({
      code: 0,
      stdout: '',
      stderr: 'schema already up to date\n',
    });
  });

  it('adds, imports, lists, exports and erases subscribers', async () => {
    const pending = await gazette(
      'subscribers',
      'add',
      ' New@Example.ORG ',
      '--categories',
      'biz-updates',
    );
    expect(pending).toMatchObject({
      code: 0,
      stderr: 'added New@example.org (pending: confirmation email sent)\n',
    });
    const [mail] = await sink.waitFor(1);
    expect(mail?.subject).toContain('Confirm your subscription');
    expect(mail?.text).toMatch(/\/confirm\?token=/);

    const confirmed = await gazette(
      'subscribers',
      'add',
      'sure@example.org',
      '--frequency',
      'weekly',
      '--confirmed',
    );
    expect(confirmed).toMatchObject({ code: 0, stderr: 'added sure@example.org (confirmed)\n' });
    const badCategory = await gazette(
      'subscribers',
      'add',
      'x@example.org',
      '--categories',
      'sports',
    );
    expect(badCategory.code).toBe(1);
    expect(badCategory.stderr).toMatch(/^gazette subscribers add: categories: unknown "sports"/);
    const again = await gazette('subscribers', 'add', 'sure@example.org');
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('already confirmed') });

    const file = join(dir, 'import.csv');
    writeFileSync(
      file,
      [
        'email,categories,frequency',
        'imported@example.org,"biz-updates,industrial-parks",weekly',
        'broken-address,,daily',
        'other@example.org,,',
        'wrong@example.org,sports,daily',
        'sure@example.org,,daily',
      ].join('\r\n'),
    );
    const imported = await gazette('subscribers', 'import', file, '--confirmed');
    expect(imported.code).toBe(1);
    expect(imported.stderr.split('\n')).toEqual([
      `${file}:3: email: not a valid address (like name@example.org)`,
      `${file}:5: categories: unknown "sports" (known: biz-updates, industrial-parks)`,
      `${file}:6: sure@example.org is already confirmed; left as it is`,
      'imported 2, already there 1, failed 2',
      '',
    ]);
    expect(sink.messages).toHaveLength(1);

    // Not UTF-8 ("josé" in Latin-1): refused whole, rather than read as another address.
    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(
      latin1,
      Buffer.from('email,categories,frequency\njos\xe9@example.org,,\n', 'latin1'),
    );
    const refused = await gazette('subscribers', 'import', latin1, '--confirmed');
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/not UTF-8 text/) });

    const list = await gazette('subscribers', 'list');
    expect(csv(list.stdout)).toEqual([
      ['email', 'categories', 'frequency', 'status'],
      ['New@example.org', 'biz-updates', 'daily', 'pending'],
      ['imported@example.org', 'biz-updates,industrial-parks', 'weekly', 'confirmed'],
      ['other@example.org', '', 'daily', 'confirmed'],
      ['sure@example.org', '', 'weekly', 'confirmed'],
    ]);
    const [header, ...rows] = csv((await gazette('subscribers', 'export')).stdout);
    const exported = rows.map((row) =>
      Object.fromEntries(header?.map((h, i) => [h, row[i]]) ?? []),
    );
    expect(exported[1]).toMatchObject({
      email: 'imported@example.org',
      status: 'confirmed',
      subscribed_source: 'import',
      confirmed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(exported[0]).toMatchObject({ subscribed_source: 'cli', confirmed_at: '' });

    expect(await gazette('subscribers', 'remove', 'sure@EXAMPLE.org')).toMatchObject({ code: 0 });
    const missing = await gazette('subscribers', 'remove', 'sure@example.org');
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('no subscriber') });
    expect((await gazette('subscribers', 'remove', 'not an address')).code).toBe(1);
    const left = await database.db.kysely.selectFrom('subscribers').select('email').execute();
    expect(left.map((row) => row.email).sort()).toEqual([
      'New@example.org',
      'imported@example.org',
      'other@example.org',
    ]);
  });
});

describe('the gazette command', () => {
  it('creates and migrates a SQLite database on first use; errors go to stderr, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gazette-bin-'));
    const env = {
      PATH: process.env.PATH,
      GAZETTE_LOG_LEVEL: 'silent',
      GAZETTE_ENV_FILE: NO_ENV_FILE,
      GAZETTE_DATABASE_URL: `sqlite:${join(dir, 'new', 'gazette.db')}`,
      GAZETTE_DATA_DIR: dir,
    };
    try {
      const run = await new Promise<Run>((resolve) => {
        const args = [BIN, 'subscribers', 'remove', 'nobody@example.org'];
        execFile('node', args, { env }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });
      expect(run).toEqual({
        code: 1,
        stdout: '',
        stderr: 'gazette subscribers remove: no subscriber nobody@example.org\n',
      });
      const db = await openDatabase(env.GAZETTE_DATABASE_URL);
      try {
        expect(await migrateToLatest(db)).toEqual([]);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
