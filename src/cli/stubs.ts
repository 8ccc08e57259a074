import type { Command } from 'commander';
import { notImplemented } from './errors.js';

/** Design commands that later changes build: each says "not implemented yet" and exits 2. */
export function pendingCommands(program: Command): void {
  const subscribers = program.command('subscribers').description('manage subscribers');
  for (const name of ['add', 'list', 'remove', 'import', 'export']) {
    subscribers
      .command(name)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => notImplemented(`subscribers ${name}`));
  }

  const digest = program.command('digest').description('digest emails');
  digest
    .command('preview')
    .allowUnknownOption()
    .action(() => notImplemented('digest preview'));

  program
    .command('send')
    .description('a send run now')
    .allowUnknownOption()
    .action(() => notImplemented('send'));

  const runs = program.command('runs').description('send runs');
  for (const name of ['list', 'show', 'resume', 'retry']) {
    runs
      .command(name)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => notImplemented(`runs ${name}`));
  }

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(() => notImplemented('migrate'));
  program
    .command('doctor')
    .description('the pre-send deliverability check')
    .allowUnknownOption()
    .action(() => notImplemented('doctor'));
  const bounces = program.command('bounces').description('bounce reports');
  bounces
    .command('import')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => notImplemented('bounces import'));
}
