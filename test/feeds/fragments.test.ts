import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Article, loadArticles } from '../../src/articles/index.js';
import { assembleAtom, atomEntry, renderAtom } from '../../src/feeds/atom.js';
import { assembleJson, jsonItem, renderJson } from '../../src/feeds/json.js';
import { feedChannels } from '../../src/feeds/paging.js';
import { assembleRss, renderRss, rssItem } from '../../src/feeds/rss.js';
import type { FeedChannel, FeedOptions } from '../../src/feeds/types.js';
import { multiCategoryStore, writeStore } from '../helpers/store.js';

const formats = {
  rss: { whole: renderRss, assemble: assembleRss, item: rssItem },
  atom: { whole: renderAtom, assemble: assembleAtom, item: atomEntry },
  json: { whole: renderJson, assemble: assembleJson, item: jsonItem },
};

/** Every document assembled from item fragments has the bytes `feed` writes for it whole. */
function expectSameAsFeed(channels: FeedChannel[], options: FeedOptions): void {
  for (const channel of channels) {
    for (const [name, format] of Object.entries(formats)) {
      const items = channel.articles.map((article) => format.item(article, options));
      const label = `${name} ${channel.key} ${channel.page ?? 'current'}`;
      expect(format.assemble(channel, options, items), label).toBe(format.whole(channel, options));
    }
  }
}

function channelsOf(articles: Article[], options: FeedOptions): FeedChannel[] {
  const categories = [...new Map(articles.map((a) => [a.category.slug, a.category])).values()];
  const { subscriptions, archives } = feedChannels(articles, categories, options);
  return [...subscriptions, ...archives];
}

const options: FeedOptions = {
  siteUrl: 'http://news.example.org',
  siteName: 'Gazette & Co <x> ]]> &amp;',
  language: 'en',
  feedItems: 4,
};

describe('documents assembled from item fragments', () => {
  it('match feed byte for byte on a store of tricky articles, with and without a hub', async () => {
    const store = await writeStore(multiCategoryStore().files);
    try {
      const { articles } = await loadArticles(store.dir, { timezone: 'UTC' });
      for (const hub of [undefined, 'https://hub.example.org/?a=1&b=2']) {
        const withHub = { ...options, websubHub: hub };
        const channels = channelsOf(articles, withHub);
        expect(channels.some((channel) => channel.page !== undefined)).toBe(true);
        expectSameAsFeed(channels, withHub);
      }
    } finally {
      await store.remove();
    }
  });

  it('match feed byte for byte for any text in any field', () => {
    const tricky = fc.constantFrom(
      '&',
      '&amp;',
      '&lt;',
      '<',
      '>',
      ']]>',
      '"',
      "'",
      '<item>',
      '</item>',
      '</entry>',
      '"items":[]}',
      '\uE000',
      ' ',
    );
    const text = fc
      .array(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 8 })), { maxLength: 8 })
      .map((parts) => parts.join(''));
    const article = fc.record({
      title: text.filter((t) => t !== ''),
      summary: text,
      bodyHtml: text,
      byline: text,
      category: text.filter((t) => t !== ''),
      slug: text,
      hour: fc.integer({ min: 0, max: 100_000 }),
    });
    fc.assert(
      fc.property(fc.array(article, { minLength: 1, maxLength: 6 }), (drawn) => {
        const articles: Article[] = drawn
          .map((a, index) => ({
            id: `dir/${index} x&y`,
            slug: a.slug,
            title: a.title,
            category: { name: a.category, slug: index % 2 ? 'even' : 'odd' },
            date: new Date(Date.UTC(2020, 0, 1) + a.hour * 3_600_000),
            byline: a.byline,
            paragraphs: [],
            bodyHtml: a.bodyHtml,
            summary: a.summary,
            related: [],
            sourcePath: `dir/${index}.txt`,
          }))
          .sort((a, b) => b.date.getTime() - a.date.getTime());
        expectSameAsFeed(channelsOf(articles, { ...options, feedItems: 2 }), {
          ...options,
          feedItems: 2,
        });
      }),
      { numRuns: 300 },
    );
  });
});
