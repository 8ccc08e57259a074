import type { Command } from 'commander';
import { migrateToLatest, openDatabase } from '../store/index.js';
import { cliContext } from './context.js';

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (GAZETTE_DATABASE_URL)')
    .action(async () => {
      const { config } = cliContext();
      const db = await openDatabase(config.databaseUrl);
      try {
        const applied = await migrateToLatest(db);
        for (const name of applied) process.stdout.write(`applied ${name}\n`);
        process.stderr.write(
          applied.length > 0 ? `schema up to date\n` : 'schema already up to date\n',
        );
      } finally {
        await db.close();
      }
    });
}
