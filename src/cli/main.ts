import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { articlesCommands } from './articles.js';
import { bouncesCommands } from './bounces.js';
import { digestCommands } from './digest.js';
import { doctorCommand } from './doctor.js';
import { CliError } from './errors.js';
import { feedsCommands } from './feeds.js';
import { migrateCommand } from './migrate.js';
import { outboxCommands } from './outbox.js';
import { runsCommands } from './runs.js';
import { sendCommand } from './send.js';
import { serveCommand } from './serve.js';
import { subscribersCommands } from './subscribers.js';

const program = new Command()
  .name('gazette')
  .description('Feeds and digest newsletters from a folder of articles')
  .showHelpAfterError()
  .exitOverride();

serveCommand(program);
articlesCommands(program);
digestCommands(program);
subscribersCommands(program);
migrateCommand(program);
sendCommand(program);
runsCommands(program);
feedsCommands(program);
doctorCommand(program);
bouncesCommands(program);
outboxCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = report(error);
}

/** The one place errors become stderr lines and exit codes. */
function report(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof CliError) {
    process.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`gazette: ${error.message}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`gazette: ${message}\n`);
  return 1;
}
