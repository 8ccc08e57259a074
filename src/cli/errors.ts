/** An error the CLI reports as one line on stderr, exiting with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** For design commands that a later change builds: says so and exits 2, never pretends. */
export function notImplemented(command: string): never {
  throw new CliError(`gazette ${command}: not implemented yet`, 2);
}
