import type { Command } from 'commander';
import { serve } from '../app/index.js';
import { COMMANDS } from './commands.js';
import { gazetteFromEnv } from './environment.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description(COMMANDS.serve.summary)
    .action(() => serve(gazetteFromEnv(1)));
}
