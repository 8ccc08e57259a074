import { Command, CommanderError, Help } from 'commander';
import { ConfigError } from '../config.js';
import { commandNamed, SUMMARIES } from './commands.js';
import { CliError } from './errors.js';

const program = new Command()
  .name('gazette')
  .description('Feeds and digest newsletters from a folder of articles')
  .showHelpAfterError()
  .exitOverride();

try {
  await register(program, process.argv.slice(2));
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = report(error);
}

/**
 * Loads the module of the command asked for, and no other: `gazette --help` loads no MJML,
 * database driver or HTTP server. Without a command it knows, every one is listed by its summary.
 */
async function register(program: Command, args: string[]): Promise<void> {
  const words = args.filter((arg) => !arg.startsWith('-'));
  const entry = commandNamed(words[0] === 'help' ? words[1] : words[0]);
  if (entry) {
    (await entry.load())(program);
    return;
  }
  for (const [name, summary] of Object.entries(SUMMARIES)) {
    program.command(name).description(summary);
  }
  const help = new Help();
  program.configureHelp({
    subcommandTerm: (command) => commandNamed(command.name())?.term ?? help.subcommandTerm(command),
  });
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
