import type { Command } from 'commander';
import { buildFeeds, feedOptions, publishFeeds } from '../feeds/index.js';
import { SUMMARIES } from './commands.js';
import { gazetteFromEnv } from './environment.js';

export function feedsCommands(program: Command): void {
  const feeds = program.command('feeds').description(SUMMARIES.feeds);
  feeds
    .command('build')
    .description(
      'write every feed to DIR at the paths of its URLs (DIR/feeds/NAME.atom, DIR/feeds.opml), each file whole',
    )
    .option('--out <dir>', 'output folder', 'public')
    .action(async (options: { out: string }) => {
      const gazette = gazetteFromEnv();
      const store = await gazette.articles();
      // A bad file is reported and skipped; every other article is still published.
      for (const problem of store.problems) process.stderr.write(`${problem.message}\n`);
      const build = buildFeeds(store.articles, feedOptions(gazette.config), new Date());
      const result = await publishFeeds(options.out, build.documents.values());
      process.stderr.write(
        `${build.articles.length} articles in ${build.categories.length} categories: ` +
          `${result.written.length} files written, ${result.unchanged.length} unchanged, ` +
          `${result.removed.length} removed in ${options.out}\n`,
      );
    });
}
