import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { checkBeforeSend, type Gazette } from '../app/index.js';
import {
  composeOneOff,
  type Frequency,
  RUN_KIND,
  type Run,
  type SendDeps,
  send,
} from '../send/index.js';
import { SUMMARIES } from './commands.js';
import { withGazette } from './environment.js';
import { CliError } from './errors.js';
import { progressBar } from './progress.js';

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
    .description(SUMMARIES.send)
    .option('--frequency <f>', 'daily or weekly', 'daily')
    .option('--categories <a,b>', 'only these category slugs')
    .option(
      '--to <address>',
      'send one copy of the digest that subscriber would get, outside any run',
    )
    .option('--dry-run', 'plan and render without sending or writing anything')
    .option('--force', 'skip the pre-send check')
    .action(async (options: SendOptions) => {
      const request = {
        kind: RUN_KIND,
        frequency: parseFrequency(options.frequency),
        categories:
          options.categories
            ?.split(',')
            .map((c) => c.trim())
            .filter(Boolean) ?? [],
        startedBy: `cli:${userInfo().username}`,
      };
      await withGazette(async (gazette) => {
        // Before the mailer: a DKIM key that does not load is the check's to report.
        if (!options.to && !options.force && !options.dryRun) await check(gazette, request);
        if (options.to) {
          const { frequency, categories } = request;
          await sendOne(await gazette.sendDeps(), options.to, { frequency, categories });
          return;
        }
        const abort = new AbortController();
        const stop = () => abort.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        let total = 0;
        const bar = progressBar(() => total);
        const deps = await gazette.sendDeps({ signal: abort.signal });
        const started = Date.now();
        const runs = await send(
          {
            ...deps,
            onEvent: (event) => {
              if (total === 0)
                void deps.store.getRun(event.runId).then((r) => (total = r?.planned ?? 0));
              bar.onEvent(event);
            },
          },
          { ...request, dryRun: options.dryRun === true },
        );
        bar.done();
        for (const run of runs) report(run, options.dryRun === true, Date.now() - started);
        if (abort.signal.aborted)
          throw new CliError('gazette send: stopped; `gazette runs resume ID` continues', 130);
      });
    });
}

/** The pre-send check: warnings are printed; a failure stops the command, saying why. */
async function check(
  gazette: Gazette,
  run: { kind: string; frequency: Frequency; categories: string[]; startedBy: string },
): Promise<void> {
  const stopped = await checkBeforeSend(
    gazette.config,
    await gazette.database(),
    gazette.logger,
    run,
    (message) => process.stderr.write(`warning: ${message}\n`),
  );
  if (!stopped) return;
  const lines = stopped.failures.map((message) => `  ${message}`).join('\n');
  throw new CliError(
    `gazette send: run ${stopped.runId} stopped before sending anything; the pre-send check failed:\n${lines}\n` +
      'fix these (see gazette doctor), or send anyway with gazette send --force',
  );
}

function report(run: Run, dryRun: boolean, elapsedMs: number): void {
  const seconds = Math.max(elapsedMs / 1000, 0.001);
  if (dryRun) {
    process.stderr.write(
      `dry run: ${run.planned} digests would be sent, ${run.skipped} subscribers have nothing new\n`,
    );
    return;
  }
  process.stderr.write(
    `run ${run.id} ${run.status}: planned ${run.planned}, sent ${run.sent}, failed ${run.failed}, skipped ${run.skipped} (${(run.sent / seconds).toFixed(0)}/s)\n`,
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
  request: { frequency: Frequency; categories: string[] },
): Promise<void> {
  const composed = await composeOneOff(deps, request, to);
  if (!composed) throw new CliError('gazette send --to: no articles to send');
  const { response } = await deps.mailer.send({ ...composed.message, to });
  process.stderr.write(`sent one digest to ${to}: ${response}\n`);
}

function parseFrequency(value: string): Frequency {
  if (value === 'daily' || value === 'weekly') return value;
  throw new CliError(`gazette send: --frequency must be daily or weekly, not "${value}"`, 2);
}
