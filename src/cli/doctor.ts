import type { Command } from 'commander';
import { formatReport } from '../doctor/index.js';
import { cliContext, openStore } from './context.js';
import { preSendCheck } from './doctor-input.js';

export function doctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(
      'the pre-send deliverability check (also run before every send): DKIM, the rendered ' +
        'digest, unsubscribe headers, the SMTP server, DMARC in DNS (RFC 9989), the complaint ' +
        'rate; prints the DNS records to publish. Exits 1 on a failure',
    )
    .option('--strict', 'exit 1 on a warning too')
    .action(async (options: { strict?: boolean }) => {
      const { config } = cliContext();
      const db = await openStore(config);
      let report: Awaited<ReturnType<typeof preSendCheck>>;
      try {
        report = await preSendCheck(config, new Date(), { db });
      } finally {
        await db.close();
      }
      process.stdout.write(
        `gazette doctor: what a mailbox provider will check\n\n${formatReport(report)}`,
      );
      const failed =
        report.failures.length > 0 || (options.strict === true && report.warnings.length > 0);
      if (failed) process.exitCode = 1;
    });
}
