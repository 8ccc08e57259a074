import type { Command } from 'commander';
import { loadArticles } from '../articles/index.js';
import { cliContext } from './context.js';
import { plural } from './terminal.js';

export function articlesCommands(program: Command): void {
  const articles = program.command('articles').description('the article store');
  articles
    .command('check')
    .description('parse the article store and list every problem; exit 1 if there is any')
    .option('--json', 'print the parsed articles and the problems as JSON')
    .action(async (options: { json?: boolean }) => {
      const { config } = cliContext();
      const store = await loadArticles(config.articlesDir, { timezone: config.timezone });
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ articles: store.articles, categories: store.categories, problems: store.problems }, null, 2)}\n`,
        );
      } else {
        for (const problem of store.problems) process.stdout.write(`${problem.message}\n`);
        const summary = `${plural(store.articles.length, 'article')} in ${plural(store.categories.length, 'category', 'categories')}, ${plural(store.problems.length, 'problem')}`;
        process.stderr.write(`${summary}\n`);
      }
      if (store.problems.length > 0) process.exitCode = 1;
    });
}
