import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  digestRendererFor,
  firstDigestPreview,
  type Gazette,
  previewSubscriber,
} from '../app/index.js';
import { type ArticleStore, categorySlugOf, publishedAt } from '../articles/index.js';
import type { DigestRecipient } from '../digest/index.js';
import { SUMMARIES } from './commands.js';
import { withGazette } from './environment.js';
import { CliError } from './errors.js';

interface PreviewOptions {
  email?: string;
  categories?: string;
  out?: string;
  text?: boolean;
}

export function digestCommands(program: Command): void {
  const digest = program.command('digest').description(SUMMARIES.digest);
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
      const preview = await withGazette(async (gazette) => {
        const store = await gazette.articles();
        const { categories, recipient } = options.email
          ? await subscriberByEmail(gazette, options.email)
          : { categories: categoriesOf(store, options.categories ?? ''), recipient: undefined };
        const now = new Date();
        return firstDigestPreview({
          config: gazette.config,
          renderer: await digestRendererFor(gazette.config),
          articles: publishedAt(store.articles, now),
          categories,
          recipient,
          now,
        });
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

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** FILE.html -> FILE.txt; any other name gets `.txt` appended. */
function textPath(out: string): string {
  return /\.html?$/i.test(out) ? out.replace(/\.html?$/i, '.txt') : `${out}.txt`;
}

/** The category slugs asked for, each known to the article store. */
function categoriesOf(store: ArticleStore, list: string): string[] {
  const wanted = list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const known = new Set(store.categories.map((category) => category.slug));
  const unknown = wanted.filter((item) => !known.has(categorySlugOf(item)));
  if (unknown.length > 0) {
    throw new CliError(
      `gazette digest preview: unknown categories: ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
    );
  }
  return wanted.map(categorySlugOf);
}

/**
 * The subscriber's categories, address and name. Their send history belongs to the send runs, so
 * this previews a first digest; links point to `/manage` rather than carrying real tokens.
 */
async function subscriberByEmail(
  gazette: Gazette,
  email: string,
): Promise<{ categories: string[]; recipient: DigestRecipient }> {
  const found = await previewSubscriber(gazette.config, await gazette.database(), email);
  if (!found) throw new CliError(`gazette digest preview: no subscriber with address ${email}`);
  const { subscriber, recipient } = found;
  if (subscriber.status !== 'confirmed') {
    process.stderr.write(
      `note: ${subscriber.email} is ${subscriber.status}; no digest would be sent\n`,
    );
  }
  return { categories: subscriber.categories, recipient };
}
