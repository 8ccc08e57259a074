import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type ArticleStore, categorySlug, loadArticles, publishedAt } from '../articles/index.js';
import type { Config } from '../config.js';
import { type DigestSubscriber, previewDigest, previewRecipient } from '../digest/index.js';
import { findSubscriberByEmail, migrateToLatest, openDatabase } from '../store/index.js';
import { cliContext } from './context.js';
import { CliError } from './errors.js';
import { digestRendererFor } from './send-deps.js';
import { plural } from './terminal.js';

interface PreviewOptions {
  email?: string;
  categories?: string;
  out?: string;
  text?: boolean;
}

export function digestCommands(program: Command): void {
  const digest = program.command('digest').description('digest emails');
  digest
    .command('preview')
    .description('render a digest without sending it (HTML to stdout or --out FILE)')
    .option('--email <addr>', "a subscriber's next digest, as a first digest of their categories")
    .option('--categories <a,b>', 'a first digest of these category slugs')
    .option('--out <file>', 'write the HTML to FILE (and with --text the text to FILE.txt)')
    .option('--text', 'the plain-text part too (alone on stdout without --out)')
    .action(async (options: PreviewOptions) => {
      if (Boolean(options.email) === Boolean(options.categories)) {
        throw new CliError(
          'gazette digest preview: give either --email ADDR or --categories a,b',
          2,
        );
      }
      const { config } = cliContext();
      const store = await loadArticles(config.articlesDir, { timezone: config.timezone });
      const { subscriber, recipient } = options.email
        ? await subscriberByEmail(config, options.email)
        : subscriberOfCategories(store, options.categories ?? '');
      const renderer = await digestRendererFor(config);
      const now = new Date();
      const preview = await previewDigest({
        renderer,
        articles: publishedAt(store.articles, now),
        firstSeen: new Map(),
        subscriber,
        ...(recipient ? { recipient } : {}),
        now,
        firstDigestItems: config.firstDigestItems,
        maxItems: config.digestMaxItems,
      });
      if (!preview) throw new CliError('gazette digest preview: nothing to send (no articles)');
      const { digest: rendered, selection } = preview;
      if (options.out) {
        await writeFile(options.out, rendered.html);
        if (options.text) await writeFile(textPath(options.out), rendered.text);
      } else {
        process.stdout.write(options.text ? rendered.text : rendered.html);
      }
      const sections = new Set(selection.articles.map((article) => article.category.slug)).size;
      const count = selection.articles.length;
      process.stderr.write(
        `${rendered.subject}\n${plural(count, 'article')} in ${plural(sections, 'category', 'categories')}` +
          `${options.out ? `, written to ${options.out}` : ''}\n`,
      );
    });
}

/** FILE.html -> FILE.txt; any other name gets `.txt` appended. */
function textPath(out: string): string {
  return /\.html?$/i.test(out) ? out.replace(/\.html?$/i, '.txt') : `${out}.txt`;
}

function subscriberOfCategories(store: ArticleStore, list: string) {
  const wanted = list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const known = new Set(store.categories.map((category) => category.slug));
  const unknown = wanted.filter((item) => !known.has(categorySlug(item)));
  if (unknown.length > 0) {
    throw new CliError(
      `gazette digest preview: unknown categories: ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
    );
  }
  const subscriber: DigestSubscriber = {
    categories: wanted.map(categorySlug),
    lastDigestAt: null,
    sentArticleIds: new Set(),
  };
  return { subscriber, recipient: undefined };
}

/**
 * The subscriber's categories, address and name. Their send history belongs to the send runs, so
 * this previews a first digest; links point to `/manage` rather than carrying real tokens.
 */
async function subscriberByEmail(config: Config, email: string) {
  const db = await openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const found = await findSubscriberByEmail(db, email);
    if (!found) throw new CliError(`gazette digest preview: no subscriber with address ${email}`);
    if (found.status !== 'confirmed') {
      process.stderr.write(`note: ${found.email} is ${found.status}; no digest would be sent\n`);
    }
    const recipient = previewRecipient(found, config.siteUrl);
    const subscriber: DigestSubscriber = {
      categories: found.categories,
      lastDigestAt: null,
      sentArticleIds: new Set(),
    };
    return { subscriber, recipient };
  } finally {
    await db.close();
  }
}
