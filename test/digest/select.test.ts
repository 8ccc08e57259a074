import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/index.js';
import { type DigestSubscriber, selectDigest } from '../../src/digest/index.js';
import { article } from './fixtures.js';

const now = new Date('2024-06-21T07:00:00Z');
const yesterday = new Date('2024-06-20T07:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

function subscriber(overrides: Partial<DigestSubscriber> = {}): DigestSubscriber {
  return { categories: [], lastDigestAt: yesterday, sentArticleIds: new Set(), ...overrides };
}

function select(
  articles: Article[],
  firstSeen: Map<string, Date>,
  sub: DigestSubscriber,
  at = now,
  limits = { firstDigestItems: 5, maxItems: 20 },
) {
  return selectDigest({ articles, firstSeen, subscriber: sub, now: at, ...limits });
}

const ids = (selection: { articles: Article[] } | null) => selection?.articles.map((a) => a.id);

describe('selectDigest', () => {
  const biz = article('biz-1', 'Biz updates', '2024-06-21T02:00:00Z');
  const parks = article('parks-1', 'Industrial Parks', '2024-06-21T03:00:00Z');
  const seenToday = new Map([
    ['biz-1', hoursAgo(5)],
    ['parks-1', hoursAgo(4)],
  ]);

  it("keeps to the subscriber's categories, and gives every category to one who chose none", () => {
    expect(
      ids(select([biz, parks], seenToday, subscriber({ categories: ['biz-updates'] }))),
    ).toEqual(['biz-1']);
    // A category written as its name is the same category.
    expect(
      ids(select([biz, parks], seenToday, subscriber({ categories: ['Industrial Parks'] }))),
    ).toEqual(['parks-1']);
    expect(ids(select([biz, parks], seenToday, subscriber()))).toEqual(['parks-1', 'biz-1']);
  });

  it('gives a first digest the newest articles of their categories, whenever they were seen', () => {
    const articles = Array.from({ length: 9 }, (_, i) =>
      article(`a${i}`, i % 3 === 0 ? 'Sports' : 'Biz updates', `2024-06-1${i}T00:00:00Z`),
    );
    const longAgo = new Map(articles.map((a) => [a.id, new Date('2020-01-01T00:00:00Z')]));
    const first = select(
      articles,
      longAgo,
      subscriber({ categories: ['biz-updates'], lastDigestAt: null }),
    );
    expect(ids(first)).toEqual(['a8', 'a7', 'a5', 'a4', 'a2']);
    expect(first?.moreCount).toBe(0);
    const small = select(articles, longAgo, subscriber({ lastDigestAt: null }), now, {
      firstDigestItems: 3,
      maxItems: 2,
    });
    expect(ids(small)).toEqual(['a8', 'a7']);
  });

  it('sends a back-dated file added after the last digest, and not an old one re-dated', () => {
    const backDated = article('late', 'Biz updates', '2024-06-18T00:00:00Z');
    const redated = article('old', 'Biz updates', '2024-06-21T06:00:00Z');
    const firstSeen = new Map([
      ['late', hoursAgo(1)],
      ['old', new Date('2024-06-19T00:00:00Z')],
    ]);
    expect(ids(select([redated, backDated], firstSeen, subscriber()))).toEqual(['late']);
  });

  it('has no digest when nothing is new: never an empty one', () => {
    const seenBefore = new Map([
      ['biz-1', hoursAgo(30)],
      ['parks-1', hoursAgo(30)],
    ]);
    expect(select([biz, parks], seenBefore, subscriber())).toBeNull();
    expect(select([biz, parks], seenToday, subscriber({ categories: ['sports'] }))).toBeNull();
    const allSent = subscriber({ sentArticleIds: new Set(['biz-1', 'parks-1']) });
    expect(select([biz, parks], seenToday, allSent)).toBeNull();
    expect(select([], new Map(), subscriber({ lastDigestAt: null }))).toBeNull();
  });

  it('leaves out articles not yet due: dated or first seen after now', () => {
    const future = article('future', 'Biz updates', '2024-06-22T00:00:00Z');
    const firstSeen = new Map([
      ['future', hoursAgo(1)],
      ['biz-1', new Date(now.getTime() + 1000)],
    ]);
    expect(select([future, biz], firstSeen, subscriber())).toBeNull();
    // Not recorded yet: counts as seen now, so it is not lost.
    expect(ids(select([biz], new Map(), subscriber()))).toEqual(['biz-1']);
  });

  it('caps a digest, newest first, and counts the rest for "and N more"', () => {
    const articles = Array.from({ length: 25 }, (_, i) =>
      article(
        `n${String(i).padStart(2, '0')}`,
        'Biz updates',
        new Date(Date.UTC(2024, 5, 20, i)).toISOString(),
      ),
    );
    const firstSeen = new Map(articles.map((a) => [a.id, hoursAgo(1)]));
    const selection = select(articles, firstSeen, subscriber());
    expect(selection?.articles).toHaveLength(20);
    expect(selection?.moreCount).toBe(5);
    expect(ids(selection)?.slice(0, 2)).toEqual(['n24', 'n23']);
    expect(ids(selection)?.at(-1)).toBe('n05');
  });

  it('keys a selection by its ordered content', () => {
    const a = select([biz, parks], seenToday, subscriber());
    const b = select(
      [parks, biz],
      seenToday,
      subscriber({ categories: ['biz-updates', 'industrial-parks'] }),
    );
    const c = select([biz], seenToday, subscriber());
    expect(a?.key).toMatch(/^[0-9a-f]{64}$/);
    expect(b?.key).toBe(a?.key);
    expect(c?.key).not.toBe(a?.key);
  });

  it('never sends an article twice across a run of digests', () => {
    const categories = ['biz', 'parks', 'sports'];
    const step = fc.record({
      added: fc.array(
        fc.record({ category: fc.constantFrom(...categories), ageHours: fc.nat(72) }),
        {
          maxLength: 8,
        },
      ),
      hours: fc.integer({ min: 1, max: 48 }),
    });
    fc.assert(
      fc.property(
        fc.subarray(categories),
        fc.array(step, { minLength: 1, maxLength: 12 }),
        (chosen, steps) => {
          const articles: Article[] = [];
          const firstSeen = new Map<string, Date>();
          const sent = new Set<string>();
          let clock = now.getTime();
          let last: Date | null = null;
          for (const { added, hours } of steps) {
            for (const { category, ageHours } of added) {
              const id = `a${articles.length}`;
              // Dated up to three days back, whenever it arrives: back-dated files are normal.
              articles.push(
                article(id, category, new Date(clock - ageHours * 3_600_000).toISOString()),
              );
              firstSeen.set(id, new Date(clock));
            }
            clock += hours * 3_600_000;
            const at = new Date(clock);
            const selection = select(
              articles,
              firstSeen,
              subscriber({ categories: chosen, lastDigestAt: last, sentArticleIds: sent }),
              at,
              { firstDigestItems: 3, maxItems: 4 },
            );
            // Everything new in their categories is either in this digest or behind "and N more".
            const fresh = articles.filter((a) => {
              const seen = firstSeen.get(a.id)?.getTime() ?? 0;
              return (
                (chosen.length === 0 || chosen.includes(a.category.slug)) &&
                !sent.has(a.id) &&
                (last === null || (seen > last.getTime() && seen <= clock))
              );
            });
            const shown = selection ? selection.articles.length + selection.moreCount : 0;
            expect(shown).toBe(last === null ? Math.min(fresh.length, 3) : fresh.length);
            if (selection) {
              expect(selection.articles.length).toBeGreaterThan(0);
              for (const item of selection.articles) {
                expect(sent.has(item.id)).toBe(false);
                if (chosen.length > 0) expect(chosen).toContain(item.category.slug);
                sent.add(item.id);
              }
              last = at;
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
