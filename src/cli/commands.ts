import type { Command } from 'commander';

/** Each command's line in `gazette --help`, in the order listed there. */
export const SUMMARIES = {
  serve: 'run the HTTP server and the scheduler (the main job)',
  articles: 'the article store',
  digest: 'digest emails',
  subscribers: 'manage subscribers',
  migrate: 'bring the database schema up to date (GAZETTE_DATABASE_URL)',
  send: 'a send run now (first resuming an unfinished run of the same kind); prints the run id',
  runs: 'inspect, pause, resume, cancel and retry send runs',
  feeds: 'feed documents',
  doctor:
    'the pre-send deliverability check (also run before every send): DKIM, the rendered digest, unsubscribe headers, the SMTP server, DMARC in DNS (RFC 9989), the complaint rate; prints the DNS records to publish. Exits 1 on a failure',
  bounces: 'bounce reports and mailto unsubscribes',
  outbox: 'the messages written to data/outbox/ when GAZETTE_SMTP_URL is unset',
};

type CommandName = keyof typeof SUMMARIES;
type Register = (program: Command) => void;

/** Each command's module, loaded only when that command runs. */
const MODULES: Record<CommandName, () => Promise<Register>> = {
  serve: () => import('./serve.js').then((m) => m.serveCommand),
  articles: () => import('./articles.js').then((m) => m.articlesCommands),
  digest: () => import('./digest.js').then((m) => m.digestCommands),
  subscribers: () => import('./subscribers.js').then((m) => m.subscribersCommands),
  migrate: () => import('./migrate.js').then((m) => m.migrateCommand),
  send: () => import('./send.js').then((m) => m.sendCommand),
  runs: () => import('./runs.js').then((m) => m.runsCommands),
  feeds: () => import('./feeds.js').then((m) => m.feedsCommands),
  doctor: () => import('./doctor.js').then((m) => m.doctorCommand),
  bounces: () => import('./bounces.js').then((m) => m.bouncesCommands),
  outbox: () => import('./outbox.js').then((m) => m.outboxCommands),
};

/** How `gazette --help` names a command that takes options. */
const TERMS: Partial<Record<CommandName, string>> = {
  send: 'send [options]',
  doctor: 'doctor [options]',
};

/** The command a word names, if any: its summary, its help term, and its module's loader. */
export function commandNamed(
  name: string | undefined,
): { summary: string; term?: string | undefined; load(): Promise<Register> } | undefined {
  if (name === undefined || !Object.hasOwn(SUMMARIES, name)) return undefined;
  const known = name as CommandName;
  return { summary: SUMMARIES[known], term: TERMS[known], load: MODULES[known] };
}
