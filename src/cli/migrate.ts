import type { Command } from 'commander';
import { migrateStore } from '../app/index.js';
import { SUMMARIES } from './commands.js';
import { gazetteFromEnv } from './environment.js';

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description(SUMMARIES.migrate)
    .action(async () => {
      const applied = await migrateStore(gazetteFromEnv().config);
      for (const name of applied) process.stdout.write(`applied ${name}\n`);
      process.stderr.write(
        applied.length > 0 ? `schema up to date\n` : 'schema already up to date\n',
      );
    });
}
