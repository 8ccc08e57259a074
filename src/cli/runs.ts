import type { Command } from 'commander';
import type { Gazette } from '../app/index.js';
import {
  DELIVERY_STATUSES,
  type DeliveryStore,
  describeRun,
  type Run,
  type RunReport,
  resumePaused,
  retryRun,
  runFinished,
  summarizeRun,
} from '../send/index.js';
import { formatInstant } from '../time.js';
import { SUMMARIES } from './commands.js';
import { withGazette } from './environment.js';
import { CliError } from './errors.js';
import { progressBar } from './progress.js';
import { plural } from './terminal.js';

export function runsCommands(program: Command): void {
  const runs = program.command('runs').description(SUMMARIES.runs);

  runs
    .command('list')
    .description('every run, newest first, as CSV')
    .option('--limit <n>', 'at most this many', '100')
    .action((options: { limit: string }) =>
      withGazette(async (gazette) => {
        const store = await gazette.deliveries();
        process.stdout.write('id,kind,status,planned,sent,failed,started_at,finished_at\n');
        for (const run of await store.listRuns(Number(options.limit) || 100)) {
          const summary = await summarizeRun(store, run);
          const row = [
            run.id,
            run.kind,
            run.status,
            run.planned,
            summary.sent,
            summary.failed,
            run.startedAt?.toISOString() ?? '',
            run.finishedAt?.toISOString() ?? '',
          ];
          process.stdout.write(`${row.join(',')}\n`);
        }
      }),
    );

  runs
    .command('show')
    .description('one run: its record, its deliveries by state, its failures and bounces')
    .argument('<id>')
    .option('--json', 'the report as JSON (as the admin API answers)')
    .action((id: string, options: { json?: boolean }) =>
      withGazette(async (gazette) => {
        const report = await describeRun(await gazette.deliveries(), id);
        if (!report) throw new CliError(`gazette runs show: no run ${id}`);
        if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else process.stdout.write(formatReport(report, gazette.config.timezone));
      }),
    );

  runs
    .command('resume')
    .description('continue an unfinished run (alongside any live worker on it)')
    .argument('<id>')
    .action((id: string) =>
      withSending(async ({ gazette, store, signal }) => {
        const before = await store.getRun(id);
        if (!before) throw new CliError(`gazette runs resume: no run ${id}`);
        if (runFinished(before)) {
          throw new CliError(`gazette runs resume: run ${id} is ${before.status}`);
        }
        const bar = progressBar(() => before.planned, gazette.config);
        const deps = await gazette.sendDeps({
          signal,
          onEvent: (event) => bar.onEvent(event),
        });
        // An operator's resume lifts a pause (from the console, the API or `runs pause`).
        const run = await resumePaused(deps, id);
        bar.done();
        process.stderr.write(
          `run ${run.id} ${run.status}: planned ${run.planned}, sent ${run.sent}, failed ${run.failed}, skipped ${run.skipped}\n`,
        );
        process.stdout.write(`${run.id}\n`);
      }),
    );

  runs
    .command('pause')
    .description(
      'stop every worker on a run, in every process, until `runs resume` (or `runs cancel`)',
    )
    .argument('<id>')
    .action((id: string) =>
      withStore('pause', id, async (store, run) => {
        if (run.pausedAt) throw new CliError(`gazette runs pause: run ${id} is already paused`);
        if (!(await store.pauseRun(id, new Date())))
          throw new CliError(`gazette runs pause: run ${id} is ${run.status}; nothing to pause`);
        process.stderr.write(
          `run ${id} paused: its workers stop within seconds; \`gazette runs resume ${id}\` continues it\n`,
        );
      }),
    );

  runs
    .command('cancel')
    .description('close an unfinished run: what is still pending is never sent')
    .argument('<id>')
    .action((id: string) =>
      withStore('cancel', id, async (store, run) => {
        if (!(await store.cancelRun(id, new Date())))
          throw new CliError(`gazette runs cancel: run ${id} is ${run.status}; nothing to cancel`);
        const after = await describeRun(store, id);
        process.stderr.write(
          `run ${id} cancelled: sent ${after?.counts.sent ?? 0}, skipped ${after?.skipped ?? 0}\n`,
        );
      }),
    );

  runs
    .command('retry')
    .description(
      're-send the failed deliveries of a run (never a sent one); with --unknown also those in flight when a process died',
    )
    .argument('<id>')
    .option(
      '--unknown',
      'also re-send deliveries whose outcome is unknown (possibly a second copy)',
    )
    .action((id: string, options: { unknown?: boolean }) =>
      withSending(async ({ gazette, store, signal }) => {
        const before = await describeRun(store, id);
        if (!before) throw new CliError(`gazette runs retry: no run ${id}`);
        const wanted = before.counts.failed + (options.unknown ? before.counts.unknown : 0);
        const bar = progressBar(() => wanted, gazette.config);
        const deps = await gazette.sendDeps({
          signal,
          onEvent: (event) => bar.onEvent(event),
        });
        const run = await retryRun(deps, id, { unknown: options.unknown === true });
        bar.done();
        const after = await describeRun(store, id);
        process.stderr.write(
          `run ${run.id} ${run.status}: retried ${wanted}; now sent ${after?.counts.sent}, failed ${after?.counts.failed}, bounced ${after?.counts.bounced}, deferred ${after?.counts.deferred}, unknown ${after?.counts.unknown}\n`,
        );
        if (!options.unknown && before.counts.unknown > 0) {
          process.stderr.write(
            `  ${plural(before.counts.unknown, 'delivery has', 'deliveries have')} an unknown outcome: --unknown re-sends them (their recipients may get a second copy)\n`,
          );
        }
        process.stdout.write(`${run.id}\n`);
      }),
    );
}

/** The store and the run `id` (which must exist) for a command that only writes the run's state. */
function withStore(
  command: string,
  id: string,
  work: (store: DeliveryStore, run: Run) => Promise<void>,
): Promise<void> {
  return withGazette(async (gazette) => {
    const store = await gazette.deliveries();
    const run = await store.getRun(id);
    if (!run) throw new CliError(`gazette runs ${command}: no run ${id}`);
    await work(store, run);
    process.stdout.write(`${id}\n`);
  });
}

/**
 * Gazette's parts, the store and a stop signal (SIGINT or SIGTERM) for a command that sends; the
 * mailer and the database are closed afterwards, however the work ends.
 */
function withSending(
  work: (context: { gazette: Gazette; store: DeliveryStore; signal: AbortSignal }) => Promise<void>,
): Promise<void> {
  return withGazette(async (gazette) => {
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    process.once('SIGTERM', () => abort.abort());
    await work({ gazette, store: await gazette.deliveries(), signal: abort.signal });
  });
}

/** `runs show` as `key: value` lines (times in the configured zone, named), then the failures. */
function formatReport(report: RunReport, timezone: string): string {
  const at = (date: Date | null) => (date ? formatInstant(date, timezone) : '');
  const lines: [string, string | number][] = [
    ['id', report.id],
    ['kind', report.kind],
    ['frequency', report.frequency],
    ['categories', report.categories.join(',') || '(all)'],
    ['status', report.status],
  ];
  if (report.status === 'throttled') lines.push(['resumes_at', at(report.resumeAt)]);
  if (report.pausedAt) lines.push(['paused_at', at(report.pausedAt)]);
  if (report.pauseReason) lines.push(['paused_because', report.pauseReason]);
  lines.push(
    ['started_by', report.startedBy],
    ['window', `${at(report.windowStart)} .. ${at(report.windowEnd)}`],
    ['created_at', at(report.createdAt)],
    ['started_at', at(report.startedAt)],
    ['finished_at', at(report.finishedAt)],
    ['planned', report.planned],
  );
  for (const status of DELIVERY_STATUSES) {
    lines.push([status, status === 'skipped' ? report.skipped : report.counts[status]]);
  }
  if (report.nextAttemptAt) lines.push(['next_attempt_at', at(report.nextAttemptAt)]);
  if (report.inDoubt > 0) lines.push(['resent_after_unknown', report.inDoubt]);
  lines.push(['last_error', report.lastError ?? '']);
  let out = lines.map(([key, value]) => `${key}: ${value}\n`).join('');
  if (report.failures.length > 0) out += 'failures:\n';
  for (const f of report.failures) {
    out += `  ${f.email} ${f.status} ${f.code ?? '-'} (${plural(f.attempts, 'attempt')}): ${f.error}\n`;
  }
  return out;
}
