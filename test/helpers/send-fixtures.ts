import type {
  DigestContent,
  DueSubscriber,
  RenderDigest,
  Run,
  SelectDigest,
} from '../../src/send/index.js';
import { createDeliveryStore, type Db } from '../../src/store/index.js';

/** A small pure digest source for send tests: articles by category and first-seen instant. */
export interface TestArticle {
  id: string;
  title: string;
  category: string;
  seenAt: Date;
}

export function testDigest(articles: () => TestArticle[]): {
  select: SelectDigest;
  render: RenderDigest;
} {
  const select: SelectDigest = (subscriber: DueSubscriber, now: Date): DigestContent | null => {
    const chosen = articles()
      .filter(
        (a) =>
          (subscriber.categories.length === 0 || subscriber.categories.includes(a.category)) &&
          !subscriber.sentArticleIds.has(a.id) &&
          a.seenAt <= now &&
          (subscriber.lastDigestAt === null || a.seenAt > subscriber.lastDigestAt),
      )
      .sort((a, b) => b.seenAt.getTime() - a.seenAt.getTime() || a.id.localeCompare(b.id));
    return chosen.length > 0 ? { articleIds: chosen.map((a) => a.id), moreCount: 0 } : null;
  };
  const render: RenderDigest = async (content, recipient) => {
    const byId = new Map(articles().map((a) => [a.id, a]));
    const items = content.articleIds.map((id) => {
      const article = byId.get(id);
      if (!article) throw new Error(`no article ${id}`);
      return article;
    });
    const padding = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20);
    return {
      subject: `Gazette: ${items[0]?.title ?? ''}`,
      html: `<html><body><p>Hello ${recipient.name ?? 'reader'} (${recipient.email})</p><ul>${items
        .map((a) => `<li data-article="${a.id}">${a.title}</li>`)
        .join(
          '',
        )}</ul><p>${padding}</p><a href="${recipient.unsubscribeUrl}">Unsubscribe</a> <a href="${recipient.preferencesUrl}">Preferences</a></body></html>`,
      text: `Hello ${recipient.name ?? 'reader'}\n${items.map((a) => `* ${a.title} [${a.id}]`).join('\n')}\n${padding}\nUnsubscribe: ${recipient.unsubscribeUrl}\n`,
    };
  };
  return { select, render };
}

/** Confirmed subscribers written straight into the table, in chunks. */
export async function seedSubscribers(
  db: Db,
  count: number,
  options: {
    frequency?: 'daily' | 'weekly';
    categories?: (i: number) => string[];
    email?: (i: number) => string;
  } = {},
): Promise<{ id: string; email: string }[]> {
  const now = Date.now();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `s${String(i).padStart(6, '0')}`,
    email: options.email?.(i) ?? `user${i}@example.org`,
    name: i % 3 === 0 ? `User ${i}` : null,
    categories: JSON.stringify(options.categories?.(i) ?? []),
    frequency: options.frequency ?? 'daily',
    status: 'confirmed' as const,
    created_at: now,
    updated_at: now,
    confirmed_at: now,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await db.kysely
      .insertInto('subscribers')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  return rows.map((r) => ({ id: r.id, email: r.email }));
}

/** A daily digest run planned straight in the store: every confirmed subscriber gets `articleIds`. */
export async function planTestRun(
  db: Db,
  articleIds: string[],
  messageId = (run: string, subscriber: string) => `${run}.${subscriber}@test`,
): Promise<Run> {
  return createDeliveryStore(db).planRun(
    {
      kind: 'digest',
      frequency: 'daily',
      categories: [],
      startedBy: 'test',
      now: new Date(),
      windowStart: null,
    },
    async () => ({ articleIds, moreCount: 0 }),
    { persist: true, messageId },
  );
}
