import {
  composeOneOff,
  contentFor,
  type DigestContent,
  type DueSubscriber,
  joinFilled,
  type SendDeps,
} from '../send/index.js';
import type { RunRegistry } from './runs.js';
import type { RunWorker, SendChoice } from './types.js';

export interface PreviewResult {
  /** Whose digest it is: a subscriber of the frequency, or a first digest for a newcomer. */
  email: string;
  known: boolean;
  subject: string;
  html: string;
  text: string;
}

/**
 * The Send page's actions, on the same domain calls as `gazette send`: planning without writing
 * (the reach, the preview), one composed message (the test), and a planned run worked on in the
 * background (the real send) or a dry run.
 */
export function createSender(options: {
  sendDeps: (extra: Partial<SendDeps>) => Promise<SendDeps>;
  runs: RunRegistry;
  worker: RunWorker;
}) {
  const { sendDeps, runs, worker } = options;

  /** Walks the subscribers of the frequency without writing; `visit` sees each one's digest. */
  async function walk(
    deps: SendDeps,
    choice: SendChoice,
    visit: (subscriber: DueSubscriber, content: DigestContent | null) => void,
  ): Promise<void> {
    const now = deps.clock();
    for await (const subscriber of deps.store.eachDue(choice.frequency, now)) {
      visit(subscriber, contentFor(deps.select, subscriber, choice.categories, now) ?? null);
    }
  }

  /** How many subscribers a run of this choice would send a digest to now. */
  async function reach(
    choice: SendChoice,
    deps: SendDeps,
  ): Promise<{ subscribers: number; digests: number }> {
    let subscribers = 0;
    let digests = 0;
    await walk(deps, choice, (_subscriber, content) => {
      subscribers++;
      if (content) digests++;
    });
    return { subscribers, digests };
  }

  /** The digest `email` would get from this run, as HTML and text; null: nothing to send. */
  async function preview(
    choice: SendChoice,
    email: string,
    deps: SendDeps,
  ): Promise<PreviewResult | null> {
    const composed = await composeOneOff(deps, choice, email);
    if (!composed) return null;
    const { message, known } = composed;
    return {
      email: message.to,
      known,
      subject: message.subject,
      html: joinFilled(message.html),
      text: joinFilled(message.text),
    };
  }

  return {
    /** The run's reach, and with `email` that reader's digest: on one reading of the store. */
    async survey(choice: SendChoice, email?: string) {
      const deps = await sendDeps({});
      return {
        reach: await reach(choice, deps),
        preview: email ? await preview(choice, email, deps) : null,
      };
    },

    /** One copy to `to`, outside any run (as `gazette send --to`); null: nothing to send. */
    async sendTest(choice: SendChoice, to: string): Promise<string | null> {
      const deps = await sendDeps({});
      const composed = await composeOneOff(deps, choice, to);
      if (!composed) return null;
      const { response } = await deps.mailer.send({ ...composed.message, to });
      return response;
    },

    /**
     * Plans a run now and has the serving process's send worker send it in the background, as
     * `POST /admin/sends` does; resolves with its id once planned. An unfinished run of the same
     * kind must be resumed (or cancelled) first: `RunInProgress`.
     */
    async start(choice: SendChoice): Promise<string> {
      const run = await worker.startRun({ ...choice, dryRun: false, startedBy: 'console' });
      return run.id;
    },

    async dryRun(choice: SendChoice): Promise<string> {
      const deps = await sendDeps({});
      const { subscribers } = await reach(choice, deps);
      return runs.startDryRun(choice, subscribers, deps);
    },
  };
}

export type Sender = ReturnType<typeof createSender>;
