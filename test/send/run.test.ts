import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmtpPool } from '../../src/mail/index.js';
import { type SendDeps, send } from '../../src/send/index.js';
import { createDeliveryStore } from '../../src/store/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';
import { seedSubscribers, type TestArticle, testDigest } from '../helpers/send-fixtures.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { until } from '../helpers/wait.js';

const request = { kind: 'digest', frequency: 'daily' as const, categories: [], startedBy: 'test' };

describe.each(databases)('send runs on $name', ({ create }) => {
  let test: TestDatabase;
  let smtp: TestSmtp;
  let articles: TestArticle[];
  let clock: Date;
  let realStart: number;

  beforeEach(async () => {
    test = await create();
    smtp = await startSmtp();
    clock = new Date('2024-06-21T07:00:00Z');
    realStart = Date.now();
    articles = [
      {
        id: 'a1',
        title: 'Harbin pilot city',
        category: 'biz',
        seenAt: new Date('2024-06-20T00:00:00Z'),
      },
      {
        id: 'a2',
        title: 'Parks grow',
        category: 'parks',
        seenAt: new Date('2024-06-20T01:00:00Z'),
      },
    ];
  });
  afterEach(async () => {
    await smtp.close();
    await test.drop();
  });

  function deps(pool = 5): SendDeps & { close(): Promise<void> } {
    const mailer = createSmtpPool({
      url: smtp.url,
      pool,
      from: { address: 'news@example.org', name: 'Gazette' },
      listId: 'Gazette <digest.example.org>',
    });
    return {
      store: createDeliveryStore(test.db),
      mailer,
      ...testDigest(() => articles),
      links: (id) => ({
        unsubscribe: `https://news.example.org/unsubscribe?token=u-${id}`,
        preferences: `https://news.example.org/preferences?token=p-${id}`,
      }),
      messageDomain: 'example.org',
      // The day the test sets, running at real speed from there: deferrals come due.
      clock: () => new Date(clock.getTime() + Date.now() - realStart),
      retry: { baseMs: 5, maxMs: 50, giveUpAfterMs: 3_600_000, pauseBaseMs: 5, pauseMaxMs: 50 },
      close: () => mailer.close(),
    };
  }

  it('sends 2,000 digests once each, nothing when nothing is new, and a new article alone', async () => {
    const subscribers = await seedSubscribers(test.db, 2000, {
      categories: (i) => (i % 2 === 0 ? [] : ['biz']),
    });
    const d = deps();
    const [first] = await send(d, request);
    expect(first).toMatchObject({ status: 'done', planned: 2000, sent: 2000, failed: 0 });
    expect(smtp.received).toHaveLength(2000);
    const perAddress = new Map<string, string[]>();
    for (const r of smtp.received) perAddress.set(r.to, [...(perAddress.get(r.to) ?? []), r.raw]);
    expect(perAddress.size).toBe(2000);
    for (const [i, s] of subscribers.entries()) {
      const [raw] = perAddress.get(s.email) ?? [];
      expect(raw).toContain('[a1]');
      expect(raw?.includes('[a2]')).toBe(i % 2 === 0);
      expect(raw).toContain(`unsubscribe?token=3Du-${s.id}`);
    }

    clock = new Date('2024-06-22T07:00:00Z');
    const [second] = await send(d, request);
    expect(second).toMatchObject({ status: 'done', planned: 0, sent: 0, skipped: 2000 });
    expect(smtp.received).toHaveLength(2000);

    articles.push({
      id: 'a3',
      title: 'New plant opens',
      category: 'biz',
      seenAt: new Date('2024-06-22T12:00:00Z'),
    });
    clock = new Date('2024-06-23T07:00:00Z');
    const [third] = await send(d, request);
    expect(third).toMatchObject({ status: 'done', planned: 2000, sent: 2000 });
    const later = smtp.received.slice(2000);
    expect(new Set(later.map((r) => r.to)).size).toBe(2000);
    for (const r of later) {
      expect(r.raw).toContain('[a3]');
      expect(r.raw).not.toContain('[a1]');
      expect(r.raw).not.toContain('[a2]');
      expect(r.raw).toMatch(/^Subject: Gazette: New plant opens/m);
    }
    await d.close();
  });

  it('delivers every message once through random 421/451 replies and dropped connections; a 550 bounces one address', async () => {
    await seedSubscribers(test.db, 300);
    let faults = 0;
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    smtp.setFault((stage, address) => {
      if (address === 'user7@example.org') return { code: 550, message: '5.1.1 No such user' };
      const r = random();
      if (r < 0.05) {
        faults++;
        return 'drop';
      }
      if (r < 0.1) {
        faults++;
        return { code: stage === 'rcpt' ? 451 : 421, message: 'Try again later' };
      }
      return undefined;
    });
    const d = deps();
    // A server that says 421 to one message in twenty wants a slower sender; here the point is
    // that every message still arrives once, so the rate stays where it is.
    const [run] = await send({ ...d, adaptive: false }, request);
    expect(faults).toBeGreaterThan(10);
    expect(run).toMatchObject({ status: 'done', planned: 300, sent: 299, failed: 1 });
    const counts = smtp.byMessageId();
    expect(counts.size).toBe(299);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const bounced = await test.db.kysely
      .selectFrom('subscribers')
      .select(['email', 'status', 'bounce_reason'])
      .where('status', '=', 'bounced')
      .execute();
    expect(bounced).toEqual([
      {
        email: 'user7@example.org',
        status: 'bounced',
        bounce_reason: expect.stringContaining('550'),
      },
    ]);

    // Bounced: never mailed again.
    articles.push({
      id: 'a3',
      title: 'Later',
      category: 'biz',
      seenAt: new Date('2024-06-21T12:00:00Z'),
    });
    clock = new Date('2024-06-22T07:00:00Z');
    smtp.setFault(undefined);
    const [next] = await send(d, request);
    expect(next).toMatchObject({ planned: 299, sent: 299 });
    expect(smtp.received.filter((r) => r.to === 'user7@example.org')).toHaveLength(0);
    await d.close();
  });

  it('pauses while the server is down and finishes when it is back, never marking unsent mail', async () => {
    await seedSubscribers(test.db, 20);
    let down = true;
    smtp.setFault(() => (down ? 'drop' : undefined));
    const d = deps(2);
    const paused: string[] = [];
    const running = send(
      { ...d, onEvent: (e) => e.type === 'paused' && paused.push(e.error) },
      request,
    );
    // Until the loop has noticed the server is down (a fixed wait is too short on a busy machine).
    await until(() => paused.length > 0);
    const store = createDeliveryStore(test.db);
    const [run] = await store.listRuns(1);
    expect((await store.counts(run?.id ?? '')).sent).toBe(0);
    expect(paused.length).toBeGreaterThan(0);
    down = false;
    const [done] = await running;
    expect(done).toMatchObject({ status: 'done', sent: 20 });
    expect(smtp.byMessageId().size).toBe(20);
    await d.close();
  });
});
