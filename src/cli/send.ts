import { userInfo } from 'node:os';
import type { Command } from 'commander';
import {
  composeOneOff,
  type Frequency,
  type Mailer,
  type Run,
  type SendDeps,
  send,
} from '../send/index.js';
import { cliContext, openStore } from './context.js';
import { CliError } from './errors.js';
import { checkBeforeSend } from './pre-send.js';
import { progressBar } from './progress.js';
import { mailerFor, sendDepsFor } from './send-deps.js';
import { plural } from './terminal.js';

interface SendOptions {
  frequency: string;
  categories?: string;
  to?: string;
  dryRun?: boolean;
  force?: boolean;
}

export function sendCommand(program: Command): void {
  program
    .command('send')
    .description(
      'a send run now (first resuming an unfinished run of the same kind); prints the run id',
    )
    .option('--frequency <f>', 'daily or weekly', 'daily')
    .option('--categories <a,b>', 'only these category slugs')
    .option(
      '--to <address>',
      'send one copy of the digest that subscriber would get, outside any run',
    )
    .option('--dry-run', 'plan and render without sending or writing anything')
    .option('--force', 'skip the pre-send check')
    .action(async (options: SendOptions) => {
      const frequency = parseFrequency(options.frequency);
      const categories =
        options.categories
          ?.split(',')
          .map((c) => c.trim())
          .filter(Boolean) ?? [];
      const { config, logger } = cliContext();
      const db = await openStore(config);
      let mailer: Mailer | undefined;
      try {
        // Before the mailer: a DKIM key that does not load is the check's to report.
        if (!options.to && !options.force && !options.dryRun) {
          await checkBeforeSend(config, db, logger, {
            kind: 'digest',
            frequency,
            categories,
            startedBy: `cli:${userInfo().username}`,
          });
        }
        mailer = await mailerFor(config, logger);
        if (options.to) {
          await sendOne(await sendDepsFor(config, db, mailer), options.to, frequency, categories);
          return;
        }
        const abort = new AbortController();
        const stop = () => abort.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        // Each run's planned count, read once when its first event comes.
        const planned = new Map<string, number>();
        const bar = progressBar((runId) => (runId ? (planned.get(runId) ?? 0) : 0), config);
        const deps = await sendDepsFor(config, db, mailer, { signal: abort.signal });
        const runs = await send(
          {
            ...deps,
            onEvent: (event) => {
              if (!planned.has(event.runId)) {
                planned.set(event.runId, 0);
                void deps.store
                  .getRun(event.runId)
                  .then((run) => planned.set(event.runId, run?.planned ?? 0));
              }
              bar.onEvent(event);
            },
          },
          {
            kind: 'digest',
            frequency,
            categories,
            startedBy: `cli:${userInfo().username}`,
            dryRun: options.dryRun === true,
          },
        );
        bar.done();
        for (const run of runs) report(run, options.dryRun === true, bar.rate(run.id));
        if (abort.signal.aborted)
          throw new CliError('gazette send: stopped; `gazette runs resume ID` continues', 130);
      } finally {
        await mailer?.close();
        await db.close();
      }
    });
}

/** One run's summary; `rate` is the progress bar's own figure for it. */
function report(run: Run, dryRun: boolean, rate: number): void {
  if (dryRun) {
    process.stderr.write(
      `dry run: ${plural(run.planned, 'digest')} would be sent, ${plural(run.skipped, 'subscriber has', 'subscribers have')} nothing new\n`,
    );
    return;
  }
  process.stderr.write(
    `run ${run.id} ${run.status}: planned ${run.planned}, sent ${run.sent}, failed ${run.failed}, skipped ${run.skipped} (${rate.toFixed(1)}/s)\n`,
  );
  if (run.lastError) process.stderr.write(`  last error: ${run.lastError}\n`);
  if (run.pausedAt)
    process.stderr.write(
      `  paused by an operator: \`gazette runs resume ${run.id}\` continues it\n`,
    );
  process.stdout.write(`${run.id}\n`);
}

/** `--to`: what that address would get from the run (see `composeOneOff`), sent once, no run. */
async function sendOne(
  deps: SendDeps,
  to: string,
  frequency: Frequency,
  categories: string[],
): Promise<void> {
  const composed = await composeOneOff(deps, { frequency, categories }, to, { sending: true });
  if (!composed) throw new CliError('gazette send --to: no articles to send');
  const { response } = await deps.mailer.send({ ...composed.message, to });
  process.stderr.write(`sent one digest to ${to}: ${response}\n`);
}

function parseFrequency(value: string): Frequency {
  if (value === 'daily' || value === 'weekly') return value;
  throw new CliError(`gazette send: --frequency must be daily or weekly, not "${value}"`, 2);
}
