import type { Composer } from './compose.js';
import type { RunLedger, SelectDigest } from './ports.js';
import type { DigestContent, DueSubscriber, Run, RunInput } from './types.js';

/**
 * The subscriber's categories narrowed to the run's filter; null when they share none. An empty
 * list means every category, on either side.
 */
export function effectiveCategories(subscriber: string[], run: string[]): string[] | null {
  if (run.length === 0) return subscriber;
  if (subscriber.length === 0) return run;
  const both = subscriber.filter((slug) => run.includes(slug));
  return both.length > 0 ? both : null;
}

/**
 * What a run for `runCategories` gives one subscriber now: undefined when the run is not for
 * them (none of its categories), null when nothing is new, else the digest's content.
 */
export function contentFor(
  select: SelectDigest,
  subscriber: DueSubscriber,
  runCategories: string[],
  now: Date,
): DigestContent | null | undefined {
  const categories = effectiveCategories(subscriber.categories, runCategories);
  if (!categories) return undefined;
  const content = select({ ...subscriber, categories }, now);
  return content && content.articleIds.length > 0 ? content : null;
}

/** `runId.subscriberId@domain`: the same delivery always has the same Message-ID. */
export function deliveryMessageId(domain: string) {
  return (runId: string, subscriberId: string): string =>
    `${runId}.${subscriberId.replace(/[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]/g, '_')}@${domain}`;
}

/**
 * Plans a run: one delivery per subscriber whose selection is non-empty, written with the run's
 * record in one transaction. Subscribers the run is not for (`includes`: another zone's slot;
 * none of the run's categories) are not counted; those with nothing new are `skipped`. A dry
 * run renders each digest instead (a template error shows now, not mid-run) and writes nothing.
 * `onProgress` hears how many subscribers of the frequency planning has gone through so far.
 */
export async function planRun(options: {
  store: Pick<RunLedger, 'planRun'>;
  input: RunInput;
  select: SelectDigest;
  messageDomain: string;
  includes?: (subscriber: DueSubscriber) => boolean;
  dryRun?: { composer: Composer };
  onProgress?: (visited: number) => void;
}): Promise<Run> {
  const { store, input, select, dryRun, includes, onProgress } = options;
  const messageId = deliveryMessageId(options.messageDomain);
  const contentOf = async (
    subscriber: DueSubscriber,
  ): Promise<DigestContent | null | undefined> => {
    if (includes && !includes(subscriber)) return undefined;
    const content = contentFor(select, subscriber, input.categories, input.now);
    if (!content) return content;
    if (dryRun) {
      await dryRun.composer.compose(
        {
          ...content,
          id: 0,
          runId: 'dry-run',
          subscriberId: subscriber.id,
          email: subscriber.email,
          name: subscriber.name,
          messageId: messageId('dry-run', subscriber.id),
          attempts: 0,
        },
        input.now,
      );
    }
    return content;
  };
  let visited = 0;
  const choose = async (subscriber: DueSubscriber): Promise<DigestContent | null | undefined> => {
    const content = await contentOf(subscriber);
    onProgress?.(++visited);
    return content;
  };
  return store.planRun(input, choose, { persist: !dryRun, messageId });
}
