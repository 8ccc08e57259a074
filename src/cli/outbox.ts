import { join } from 'node:path';
import type { Command } from 'commander';
import { listOutbox, readOutboxMessage } from '../mail/index.js';
import { formatInstant } from '../time.js';
import { SUMMARIES } from './commands.js';
import { gazetteFromEnv } from './environment.js';
import { CliError } from './errors.js';

/**
 * `gazette outbox list|show ID`: the messages written to `data/outbox/` when no SMTP server is
 * set, decoded, so a confirmation link can be read and copied without a mail client.
 */
export function outboxCommands(program: Command): void {
  const outbox = program.command('outbox').description(SUMMARIES.outbox);

  outbox
    .command('list')
    .description('the newest messages, newest first, as CSV: id,written_at,to,subject')
    .option('--limit <n>', 'at most this many', '20')
    .action(async (options: { limit: string }) => {
      const { config } = gazetteFromEnv();
      const entries = await listOutbox(outboxDir(config.dataDir), Number(options.limit) || 20);
      process.stdout.write('id,written_at,to,subject\n');
      for (const entry of entries) {
        const row = [entry.id, entry.writtenAt.toISOString(), entry.to, entry.subject];
        process.stdout.write(`${row.map(csvCell).join(',')}\n`);
      }
      if (entries.length === 0) {
        process.stderr.write(`no messages in ${outboxDir(config.dataDir)}\n`);
      }
    });

  outbox
    .command('show')
    .description('one message: its headers and its text, decoded (or its HTML with --html)')
    .argument('<id>', 'as `outbox list` prints it (a file name without .eml also works)')
    .option('--html', 'print the HTML part instead of the text')
    .action(async (id: string, options: { html?: boolean }) => {
      const { config } = gazetteFromEnv();
      const message = await readOutboxMessage(outboxDir(config.dataDir), id.replace(/\.eml$/, ''));
      if (!message) throw new CliError(`gazette outbox show: no message ${id}`);
      if (options.html) {
        if (message.html === null) throw new CliError(`gazette outbox show: ${id} has no HTML`);
        process.stdout.write(message.html);
        return;
      }
      const written = formatInstant(message.writtenAt, config.timezone);
      process.stdout.write(
        `From: ${message.from}\nTo: ${message.to}\nSubject: ${message.subject}\n` +
          `Written: ${written}\nFile: ${message.file}\n\n${message.text ?? '(no text part)'}\n`,
      );
    });
}

function outboxDir(dataDir: string): string {
  return join(dataDir, 'outbox');
}

/** A CSV cell; text a spreadsheet would take for a formula starts with `'`. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
