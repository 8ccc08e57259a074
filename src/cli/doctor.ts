import type { Command } from 'commander';
import { preSendCheck } from '../app/index.js';
import { formatReport } from '../doctor/index.js';
import { SUMMARIES } from './commands.js';
import { withGazette } from './environment.js';

export function doctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(SUMMARIES.doctor)
    .option('--strict', 'exit 1 on a warning too')
    .action(async (options: { strict?: boolean }) => {
      // The database gives the complaint rate of the last seven days.
      const report = await withGazette(async ({ config, database }) =>
        preSendCheck(config, new Date(), { db: await database() }),
      );
      process.stdout.write(
        `gazette doctor: what a mailbox provider will check\n\n${formatReport(report)}`,
      );
      const failed =
        report.failures.length > 0 || (options.strict === true && report.warnings.length > 0);
      if (failed) process.exitCode = 1;
    });
}
