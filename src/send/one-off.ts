import { randomBytes } from 'node:crypto';
import { createComposer } from './compose.js';
import { contentFor } from './plan.js';
import type { MailMessage } from './ports.js';
import type { SendDeps } from './run.js';
import type { Frequency } from './types.js';

/**
 * The message `email` would get from a run of `request` now, outside any run (a preview, a test
 * send): a subscriber of its frequency gets their own next digest, narrowed to the run's
 * categories as the run would; any other address a first digest of those categories. Null:
 * nothing to send. Nothing is written.
 */
export async function composeOneOff(
  deps: SendDeps,
  request: { frequency: Frequency; categories: string[] },
  email: string,
): Promise<{ message: MailMessage; known: boolean } | null> {
  const now = deps.clock();
  const subscriber = await deps.store.findDue(email, request.frequency, now);
  const found = subscriber && {
    subscriber,
    content: contentFor(deps.select, subscriber, request.categories, now) ?? null,
  };
  const content = found
    ? found.content
    : deps.select(
        {
          id: 'preview',
          email,
          name: null,
          categories: request.categories,
          lastDigestAt: null,
          sentArticleIds: new Set(),
        },
        now,
      );
  if (!content) return null;
  const composer = createComposer({ render: deps.render, links: deps.links });
  const message = await composer.compose(
    {
      ...content,
      id: 0,
      runId: 'one-off',
      subscriberId: found?.subscriber.id ?? 'preview',
      email: found?.subscriber.email ?? email,
      name: found?.subscriber.name ?? null,
      messageId: `test.${randomBytes(6).toString('hex')}@${deps.messageDomain}`,
      attempts: 0,
    },
    now,
  );
  return { message, known: found !== undefined };
}
