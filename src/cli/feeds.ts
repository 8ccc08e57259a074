import type { Command } from 'commander';
import { loadArticles } from '../articles/index.js';
import { buildFeeds, publishFeeds } from '../feeds/index.js';
import { feedOptions } from '../http/index.js';
import { cliContext } from './context.js';
import { plural } from './terminal.js';

export function feedsCommands(program: Command): void {
  const feeds = program.command('feeds').description('feed documents');
  feeds
    .command('build')
    .description(
      'write every feed to DIR at the paths of its URLs (DIR/feeds/NAME.atom, DIR/feeds.opml), each file whole',
    )
    .option('--out <dir>', 'output folder', 'public')
    .action(async (options: { out: string }) => {
      const { config } = cliContext();
      const store = await loadArticles(config.articlesDir, { timezone: config.timezone });
      // A bad file is reported and skipped; every other article is still published.
      for (const problem of store.problems) process.stderr.write(`${problem.message}\n`);
      const build = buildFeeds(store.articles, feedOptions(config), new Date());
      const result = await publishFeeds(options.out, build.documents.values());
      process.stderr.write(
        `${plural(build.articles.length, 'article')} in ${plural(build.categories.length, 'category', 'categories')}: ` +
          `${plural(result.written.length, 'file')} written, ${result.unchanged.length} unchanged, ` +
          `${result.removed.length} removed in ${options.out}\n`,
      );
    });
}
