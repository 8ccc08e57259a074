import type { Command } from 'commander';

/** A command group: its summary in `gazette --help`, and its module, loaded when it runs. */
interface CommandEntry {
  summary: string;
  /** How `gazette --help` names a command that takes options. */
  term?: string;
  load(): Promise<(program: Command) => void>;
}

/** Every command, in the order `gazette --help` lists them. */
export const COMMANDS = {
  serve: {
    summary: 'run the HTTP server and the scheduler (the main job)',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  articles: {
    summary: 'the article store',
    load: async () => (await import('./articles.js')).articlesCommands,
  },
  digest: {
    summary: 'digest emails',
    load: async () => (await import('./digest.js')).digestCommands,
  },
  subscribers: {
    summary: 'manage subscribers',
    load: async () => (await import('./subscribers.js')).subscribersCommands,
  },
  migrate: {
    summary: 'bring the database schema up to date (GAZETTE_DATABASE_URL)',
    load: async () => (await import('./migrate.js')).migrateCommand,
  },
  send: {
    summary:
      'a send run now (first resuming an unfinished run of the same kind); prints the run id',
    term: 'send [options]',
    load: async () => (await import('./send.js')).sendCommand,
  },
  runs: {
    summary: 'inspect, pause, resume, cancel and retry send runs',
    load: async () => (await import('./runs.js')).runsCommands,
  },
  feeds: {
    summary: 'feed documents',
    load: async () => (await import('./feeds.js')).feedsCommands,
  },
  doctor: {
    summary:
      'the pre-send deliverability check (also run before every send): DKIM, the rendered ' +
      'digest, unsubscribe headers, the SMTP server; prints the DNS records to publish. ' +
      'Exits 1 on a failure',
    term: 'doctor [options]',
    load: async () => (await import('./doctor.js')).doctorCommand,
  },
  bounces: {
    summary: 'bounce reports and mailto unsubscribes',
    load: async () => (await import('./bounces.js')).bouncesCommands,
  },
} satisfies Record<string, CommandEntry>;

/** The entry of a command name as typed, if there is one. */
export function commandNamed(name: string | undefined): CommandEntry | undefined {
  return name !== undefined && Object.hasOwn(COMMANDS, name)
    ? (COMMANDS as Record<string, CommandEntry>)[name]
    : undefined;
}
