import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gazette-outbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = {
  GAZETTE_DATA_DIR: dir,
  GAZETTE_DATABASE_URL: `sqlite:${join(dir, 'gazette.db')}`,
  GAZETTE_SMTP_URL: '',
  GAZETTE_SITE_URL: 'https://news.example.org',
  GAZETTE_LOG_LEVEL: 'info',
  GAZETTE_TIMEZONE: 'Asia/Tokyo',
};

describe('gazette outbox', () => {
  it('logs each message written there, lists them and shows one decoded', async () => {
    const added = await runCli(['subscribers', 'add', 'reader@example.org'], env);
    expect(added.code).toBe(0);
    const [file] = readdirSync(join(dir, 'outbox'));
    const logged = added.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === 'mail written to the outbox (no GAZETTE_SMTP_URL)');
    expect(logged).toMatchObject({
      to: 'reader@example.org',
      subject: expect.stringMatching(/confirm/i),
      file: join(dir, 'outbox', file ?? ''),
    });
    // The file itself is quoted-printable: a long link is cut by soft line breaks.
    expect(readFileSync(join(dir, 'outbox', file ?? ''), 'utf8')).toMatch(/=\r?\n/);

    const list = await runCli(['outbox', 'list'], env);
    expect(list.code).toBe(0);
    const [header, row, ...rest] = list.stdout.trim().split('\n');
    expect(header).toBe('id,written_at,to,subject');
    expect(rest).toEqual([]);
    const id = row?.split(',')[0] ?? '';
    expect(`${id}.eml`).toBe(file);
    expect(row).toMatch(/,\d{4}-\d\d-\d\dT[\d:.]+Z,reader@example\.org,.*confirm/i);

    const [shown, html, missing] = await Promise.all([
      runCli(['outbox', 'show', id], env),
      runCli(['outbox', 'show', id, '--html'], env),
      runCli(['outbox', 'show', '../gazette'], env),
    ]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^To: reader@example\.org$/m);
    expect(shown.stdout).toMatch(/^Written: \d{1,2} \w{3} \d{4}, \d\d:\d\d Asia\/Tokyo$/m);
    expect(shown.stdout).toMatch(/^.*https:\/\/news\.example\.org\/confirm\?token=[\w.-]+\b/m);
    expect(html.stdout).toMatch(
      /href="https:\/\/news\.example\.org\/confirm\?token(=|&#x3D;)[\w.-]+"/,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('gazette outbox show: no message ../gazette\n');
  }, 60_000);
});
