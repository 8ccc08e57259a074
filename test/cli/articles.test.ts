import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { seedArticle, writeStore } from '../helpers/store-files.js';

describe('gazette articles check', () => {
  it('passes on the shipped store', async () => {
    const result = await runCli(['articles', 'check']);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('2 articles in 2 categories, 0 problems');
    expect(result.code).toBe(0);
  });

  it('names every broken file and no good one, and exits 1', async () => {
    const dir = writeStore({
      'good.txt': seedArticle({ title: 'Good' }),
      'also-good.md': '---\ntitle: Fine\ncategory: News\ndate: 2024-01-01\n---\nBody.',
      'empty.txt': '',
      'bad-date.txt': seedArticle({ date: '2024-02-30' }),
      'latin1.txt': Uint8Array.from([0x48, 0x6f, 0x6d, 0x65, 0x0a, 0xe9, 0x0a]),
    });
    const result = await runCli(['articles', 'check'], { GAZETTE_ARTICLES_DIR: dir });
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toEqual([
      'bad-date.txt:5: date "2024-02-30" does not parse (use YYYY-MM-DD [HH:MM])',
      'empty.txt:1: empty file',
      'latin1.txt:2: not valid UTF-8 (byte 5)',
    ]);
    expect(result.stdout).not.toMatch(/good/);
  });

  it('prints the articles and the problems as JSON with --json', async () => {
    const dir = writeStore({ 'good.txt': seedArticle({ title: 'Good' }), 'empty.txt': '' });
    const result = await runCli(['articles', 'check', '--json'], { GAZETTE_ARTICLES_DIR: dir });
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.articles.map((a: { title: string }) => a.title)).toEqual(['Good']);
    expect(parsed.problems).toEqual([{ path: 'empty.txt', line: 1, reason: 'empty file' }]);
  });

  it('reports a bad setting by name', async () => {
    const result = await runCli(['articles', 'check'], { GAZETTE_TIMEZONE: 'Mars/Olympus' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'gazette: GAZETTE_TIMEZONE must be an IANA time zone (e.g. Europe/Berlin), got "Mars/Olympus"\n',
    );
  });

  it('says so when the store folder is missing', async () => {
    const result = await runCli(['articles', 'check'], {
      GAZETTE_ARTICLES_DIR: '/nonexistent/articles',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\/nonexistent\/articles/);
  });
});

describe('gazette', () => {
  it('shows help listing the commands of the design', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of [
      'serve',
      'articles',
      'feeds',
      'subscribers',
      'digest',
      'send',
      'runs',
      'migrate',
      'doctor',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it('refuses an unknown command', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/unknown command/);
  });
});
