import type { Command } from 'commander';
import { SUMMARIES } from './commands.js';
import { gazetteFromEnv } from './environment.js';

export function articlesCommands(program: Command): void {
  const articles = program.command('articles').description(SUMMARIES.articles);
  articles
    .command('check')
    .description(
      'parse the article store and list every problem and warning; exit 1 if there is a problem',
    )
    .option('--json', 'print the parsed articles and the problems as JSON')
    .action(async (options: { json?: boolean }) => {
      const store = await gazetteFromEnv().articles();
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ articles: store.articles, categories: store.categories, problems: store.problems, warnings: store.warnings ?? [] }, null, 2)}\n`,
        );
      } else {
        const found = [...store.problems, ...(store.warnings ?? [])].sort((a, b) =>
          a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line,
        );
        for (const item of found) process.stdout.write(`${item.message}\n`);
        const warned = store.warnings?.length ? `, ${store.warnings.length} warnings` : '';
        const summary = `${store.articles.length} articles in ${store.categories.length} categories, ${store.problems.length} problems${warned}`;
        process.stderr.write(`${summary}\n`);
      }
      if (store.problems.length > 0) process.exitCode = 1;
    });
}
