import type { Command } from 'commander';
import { formatReport } from '../doctor/index.js';
import { cliContext } from './context.js';
import { preSendCheck } from './doctor-input.js';

export function doctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(
      'the pre-send deliverability check (also run before every send): DKIM, the rendered ' +
        'digest, unsubscribe headers, the SMTP server; prints the DNS records to publish. ' +
        'Exits 1 on a failure',
    )
    .option('--strict', 'exit 1 on a warning too')
    .action(async (options: { strict?: boolean }) => {
      const { config } = cliContext();
      const report = await preSendCheck(config);
      process.stdout.write(
        `gazette doctor: what a mailbox provider will check\n\n${formatReport(report)}`,
      );
      const failed =
        report.failures.length > 0 || (options.strict === true && report.warnings.length > 0);
      if (failed) process.exitCode = 1;
    });
}
