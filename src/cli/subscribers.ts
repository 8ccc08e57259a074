import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Gazette } from '../app/index.js';
import type { Category } from '../articles/index.js';
import {
  decodeCsvFile,
  exportCsv,
  importSubscribers,
  listCsv,
  normaliseEmail,
  parseSubscription,
  type Subscriber,
  type SubscriptionService,
} from '../subscribers/index.js';
import { SUMMARIES } from './commands.js';
import { withGazette } from './environment.js';
import { CliError } from './errors.js';

export function subscribersCommands(program: Command): void {
  const subscribers = program.command('subscribers').description(SUMMARIES.subscribers);

  subscribers
    .command('add')
    .description('add one subscriber; without --confirmed they are sent a confirmation email')
    .argument('<email>', 'the address')
    .option('--categories <slugs>', 'comma-separated category slugs (default: every category)')
    .option('--frequency <frequency>', 'daily or weekly', 'daily')
    .option('--confirmed', 'already confirmed: you hold the evidence of their consent')
    .action(async (email: string, options: AddOptions) => {
      await withSubscriptions(async (service, categories) => {
        const parsed = parseSubscription({ email, ...options }, slugs(categories));
        if (!parsed.ok)
          throw new CliError(`gazette subscribers add: ${parsed.problems.join('; ')}`);
        const { value } = parsed;
        const confirmed = options.confirmed === true;
        const result = await service.add(
          value.email,
          value.preferences,
          { confirmed, source: 'cli' },
          new Date(),
        );
        if (result.status === 'exists') {
          const { status } = result.subscriber;
          throw new CliError(`gazette subscribers add: ${value.email} is already ${status}`);
        }
        const note = confirmed ? 'confirmed' : 'pending: confirmation email sent';
        process.stderr.write(`added ${value.email} (${note})\n`);
      });
    });

  subscribers
    .command('list')
    .description('print every subscriber as CSV: email,categories,frequency,status')
    .action(printAll(listCsv));

  subscribers
    .command('remove')
    .description('delete a subscriber and everything held about them (right to erasure)')
    .argument('<email>', 'the address')
    .action(async (email: string) => {
      const normalised = normaliseEmail(email);
      if (!normalised)
        throw new CliError(`gazette subscribers remove: "${email}" is not an address`);
      await withSubscriptions(async (service) => {
        if (!(await service.remove(normalised))) {
          throw new CliError(`gazette subscribers remove: no subscriber ${normalised}`);
        }
        process.stderr.write(`removed ${normalised} and every detail held about them\n`);
      });
    });

  subscribers
    .command('export')
    .description('print everything held about each subscriber as CSV')
    .action(printAll(exportCsv));

  subscribers
    .command('import')
    .description('add subscribers from CSV with a header row email,categories,frequency')
    .argument('<file>', 'the CSV file')
    .option('--confirmed', 'already confirmed: you hold the evidence of their consent')
    .action(async (file: string, options: { confirmed?: boolean }) => {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch (error) {
        throw new CliError(`gazette subscribers import: cannot read ${file}: ${message(error)}`);
      }
      const decoded = decodeCsvFile(bytes);
      if (!decoded.ok) throw new CliError(`gazette subscribers import: ${file}: ${decoded.reason}`);
      const { text } = decoded;
      await withSubscriptions(async (service, categories) => {
        const failures = await importRows(service, file, text, categories, options.confirmed);
        if (failures > 0) process.exitCode = 1;
      });
    });
}

interface AddOptions {
  categories?: string;
  frequency?: string;
  confirmed?: boolean;
}

/** Imports the good rows; reports each bad one as `FILE:LINE: reason`. Returns the failures. */
async function importRows(
  service: SubscriptionService,
  file: string,
  text: string,
  categories: readonly Category[],
  confirmed = false,
): Promise<number> {
  const report = await importSubscribers(service, text, slugs(categories), {
    confirmed,
    clock: () => new Date(),
  });
  for (const line of report.lines) {
    const where = `${file}:${line.line}`;
    if (line.outcome === 'exists') {
      process.stderr.write(`${where}: ${line.email} is already ${line.status}; left as it is\n`);
    } else if (line.outcome === 'refused') {
      process.stderr.write(`${where}: ${line.email ? `${line.email}: ` : ''}${line.reason}\n`);
    }
  }
  process.stderr.write(
    `imported ${report.added}, already there ${report.existing}, failed ${report.refused}\n`,
  );
  return report.refused;
}

/** An action printing every subscriber, as `format` writes them. */
function printAll(format: (subscribers: readonly Subscriber[]) => string) {
  return () =>
    withSubscriptions(async (service) => {
      process.stdout.write(format(await service.list()));
    });
}

/** Runs `work` with the service and the article store's categories, then closes everything. */
async function withSubscriptions(
  work: (service: SubscriptionService, categories: readonly Category[]) => Promise<void>,
): Promise<void> {
  await withGazette(async (gazette) => {
    const categories = await knownCategories(gazette);
    await work(await gazette.subscriptions(() => categories), categories);
  });
}

/** Categories are checked against the article store; an unreadable one knows none, and says so. */
async function knownCategories(gazette: Gazette): Promise<readonly Category[]> {
  try {
    return (await gazette.articles()).categories;
  } catch (error) {
    gazette.logger.warn(
      { err: error, articlesDir: gazette.config.articlesDir },
      'article store unreadable: no category is known',
    );
    return [];
  }
}

const slugs = (categories: readonly Category[]) => categories.map((category) => category.slug);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
