import type { Command } from 'commander';
import { settleArticles } from '../articles/index.js';
import { discoveryDocuments, discoveryOptions } from '../discovery/index.js';
import { buildFeeds, feedOptions, publishFeeds } from '../feeds/index.js';
import { createArticleUrlStore } from '../store/index.js';
import { SUMMARIES } from './commands.js';
import { gazetteFromEnv } from './environment.js';
import { plural } from './terminal.js';

export function feedsCommands(program: Command): void {
  const feeds = program.command('feeds').description(SUMMARIES.feeds);
  feeds
    .command('build')
    .description(
      'write every feed, sitemap and robots.txt to DIR at the paths of its URLs (DIR/feeds/NAME.atom, DIR/feeds.opml, DIR/sitemap.xml), each file whole',
    )
    .option('--out <dir>', 'output folder', 'public')
    .action(async (options: { out: string }) => {
      const gazette = gazetteFromEnv();
      const store = await gazette.articles();
      // A bad file is reported and skipped; every other article is still published.
      for (const problem of store.problems) process.stderr.write(`${problem.message}\n`);
      // The URLs `serve` publishes: settled in the database when an article is first published.
      const db = await gazette.database();
      const now = new Date();
      const settled = await settleArticles(store.articles, createArticleUrlStore(db), now).finally(
        () => gazette.close(),
      );
      const build = buildFeeds(settled.articles, feedOptions(gazette.config), now);
      const discovery = discoveryDocuments(build, discoveryOptions(gazette.config), now);
      const result = await publishFeeds(options.out, [...build.documents.values(), ...discovery]);
      process.stderr.write(
        `${plural(build.articles.length, 'article')} in ${plural(build.categories.length, 'category', 'categories')}: ` +
          `${plural(result.written.length, 'file')} written, ${result.unchanged.length} unchanged, ` +
          `${result.removed.length} removed in ${options.out}\n`,
      );
    });
}
