import type { Command } from 'commander';
import { notImplemented } from './errors.js';

/** Design commands that later changes build: each says "not implemented yet" and exits 2. */
export function pendingCommands(program: Command): void {
  program
    .command('doctor')
    .description('the pre-send deliverability check')
    .allowUnknownOption()
    .action(() => notImplemented('doctor'));
}
