import type { Command } from 'commander';
import { resume } from '../send/index.js';
import { createDeliveryStore } from '../store/index.js';
import { cliContext, openStore } from './context.js';
import { CliError, notImplemented } from './errors.js';
import { progressBar } from './progress.js';
import { sendDepsFor } from './send.js';
import { mailerFor } from './send-deps.js';

export function runsCommands(program: Command): void {
  const runs = program.command('runs').description('inspect and resume send runs');

  runs
    .command('list')
    .description('every run, newest first, as CSV')
    .option('--limit <n>', 'at most this many', '100')
    .action(async (options: { limit: string }) => {
      const { config } = cliContext();
      const db = await openStore(config);
      try {
        const store = createDeliveryStore(db);
        process.stdout.write('id,kind,status,planned,sent,failed,started_at,finished_at\n');
        for (const run of await store.listRuns(Number(options.limit) || 100)) {
          // Unfinished runs show live counts; finished ones keep the counts recorded at the end.
          const live = run.finishedAt ? run : { ...run, ...(await store.counts(run.id)) };
          const row = [
            run.id,
            run.kind,
            run.status,
            run.planned,
            live.sent,
            live.failed,
            run.startedAt?.toISOString() ?? '',
            run.finishedAt?.toISOString() ?? '',
          ];
          process.stdout.write(`${row.join(',')}\n`);
        }
      } finally {
        await db.close();
      }
    });

  runs
    .command('show')
    .description('one run: its record, its deliveries by status, its last failures')
    .argument('<id>')
    .action(async (id: string) => {
      const { config } = cliContext();
      const db = await openStore(config);
      try {
        const store = createDeliveryStore(db);
        const run = await store.getRun(id);
        if (!run) throw new CliError(`gazette runs show: no run ${id}`);
        const c = await store.counts(id);
        const lines = [
          ['id', run.id],
          ['kind', run.kind],
          ['frequency', run.frequency],
          ['categories', run.categories.join(',') || '(all)'],
          ['status', run.status],
          ['started_by', run.startedBy],
          ['window', `${run.windowStart?.toISOString() ?? ''} .. ${run.windowEnd.toISOString()}`],
          ['created_at', run.createdAt.toISOString()],
          ['started_at', run.startedAt?.toISOString() ?? ''],
          ['finished_at', run.finishedAt?.toISOString() ?? ''],
          ['planned', run.planned],
          ['sent', c.sent],
          ['failed', c.failed],
          ['skipped', run.finishedAt ? run.skipped : run.skipped + c.skipped],
          ['pending', c.pending],
          ['in_flight', c.sending],
          ['last_error', run.lastError ?? ''],
        ];
        for (const [key, value] of lines) process.stdout.write(`${key}: ${value}\n`);
        const failures = await store.recentFailures(id, 20);
        if (failures.length > 0) process.stdout.write('failures:\n');
        for (const f of failures) {
          process.stdout.write(`  ${f.email} (${f.attempts} attempts): ${f.error}\n`);
        }
      } finally {
        await db.close();
      }
    });

  runs
    .command('resume')
    .description('continue an unfinished run (alongside any live worker on it)')
    .argument('<id>')
    .action(async (id: string) => {
      const { config } = cliContext();
      const db = await openStore(config);
      const mailer = await mailerFor(config);
      try {
        const abort = new AbortController();
        process.once('SIGINT', () => abort.abort());
        process.once('SIGTERM', () => abort.abort());
        const store = createDeliveryStore(db);
        const before = await store.getRun(id);
        if (!before) throw new CliError(`gazette runs resume: no run ${id}`);
        if (before.status === 'done' || before.status === 'cancelled') {
          throw new CliError(`gazette runs resume: run ${id} is ${before.status}`);
        }
        const bar = progressBar(() => before.planned);
        const deps = await sendDepsFor(db, mailer, {
          signal: abort.signal,
          onEvent: (event) => bar.onEvent(event),
        });
        const run = await resume(deps, id);
        bar.done();
        process.stderr.write(
          `run ${run.id} ${run.status}: planned ${run.planned}, sent ${run.sent}, failed ${run.failed}, skipped ${run.skipped}\n`,
        );
        process.stdout.write(`${run.id}\n`);
      } finally {
        await mailer.close();
        await db.close();
      }
    });

  runs
    .command('retry')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => notImplemented('runs retry'));
}
