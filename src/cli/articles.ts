import type { Command } from 'commander';
import { SUMMARIES } from './commands.js';
import { gazetteFromEnv } from './environment.js';

export function articlesCommands(program: Command): void {
  const articles = program.command('articles').description(SUMMARIES.articles);
  articles
    .command('check')
    .description('parse the article store and list every problem; exit 1 if there is any')
    .option('--json', 'print the parsed articles and the problems as JSON')
    .action(async (options: { json?: boolean }) => {
      const store = await gazetteFromEnv().articles();
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ articles: store.articles, categories: store.categories, problems: store.problems }, null, 2)}\n`,
        );
      } else {
        for (const problem of store.problems) process.stdout.write(`${problem.message}\n`);
        const summary = `${store.articles.length} articles in ${store.categories.length} categories, ${store.problems.length} problems`;
        process.stderr.write(`${summary}\n`);
      }
      if (store.problems.length > 0) process.exitCode = 1;
    });
}
