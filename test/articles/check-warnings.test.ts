import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { seedArticle, writeStore } from '../helpers/store-files.js';

describe('gazette articles check, on text a feed cannot carry', () => {
  const store = () =>
    writeStore({
      'ff.txt': seedArticle({ title: 'Page\uFFFEbreak', paragraphs: ['Before.\fAfter.'] }),
      'good.txt': seedArticle({ title: 'Good' }),
    });

  it('prints a warning per line that lost characters, publishes the article and exits 0', async () => {
    const dir = store();
    const result = await runCli(['articles', 'check'], { GAZETTE_ARTICLES_DIR: dir });
    expect(result.stdout.trim().split('\n')).toEqual([
      'ff.txt:3: warning: removed U+FFFE from this line: characters a feed cannot carry',
      'ff.txt:9: warning: removed U+000C from this line: characters a feed cannot carry',
    ]);
    expect(result.stderr).toContain('2 articles in 1 category, 0 problems, 2 warnings');
    expect(result.code).toBe(0);
  });

  it('lists the warnings in --json', async () => {
    const dir = store();
    const json = await runCli(['articles', 'check', '--json'], { GAZETTE_ARTICLES_DIR: dir });
    const parsed = JSON.parse(json.stdout);
    expect(parsed.articles.map((a: { title: string }) => a.title).sort()).toEqual([
      'Good',
      'Pagebreak',
    ]);
    expect(parsed.warnings[1]).toEqual({
      path: 'ff.txt',
      line: 9,
      reason: 'removed U+000C from this line: characters a feed cannot carry',
    });
  });
});
