import type { Command } from 'commander';
import { serve } from '../app/index.js';
import { SUMMARIES } from './commands.js';
import { gazetteFromEnv } from './environment.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description(SUMMARIES.serve)
    .action(() => serve(gazetteFromEnv(1)));
}
