import { describe, expect, it } from 'vitest';
import { categorySlug, categorySlugOf } from '../../src/articles/index.js';
import {
  createDigestRenderer,
  type DigestSelection,
  type DigestSubscriber,
  type DigestTemplates,
  loadDigestTemplates,
  selectDigest,
} from '../../src/digest/index.js';
import {
  article,
  decodeEntities,
  recipient,
  renderer,
  siteUrl,
  templatesDir,
  unmarkedTemplates,
} from './fixtures.js';

const now = new Date('2024-06-21T07:00:00Z');
const HOSTILE = `<b>bold</b> & "double" 'single' {{recipient.email}} {{#each sections}}x{{/each}} &amp;`;

function digestFor(articles: ReturnType<typeof article>[], subscriber: Partial<DigestSubscriber>) {
  return selectDigest({
    articles,
    firstSeen: new Map(articles.map((a) => [a.id, now])),
    subscriber: {
      categories: [],
      lastDigestAt: new Date(now.getTime() - 86_400_000),
      sentArticleIds: new Set(),
      ...subscriber,
    },
    now,
    firstDigestItems: 5,
    maxItems: 20,
  });
}

describe('a digest assembled from the layout', () => {
  it('escapes every value it holds, and keeps each whole in the text twin', async () => {
    const hostile = article('h', `Cat ${HOSTILE}`, '2024-06-21T05:00:00Z', {
      title: `Title ${HOSTILE}`,
      byline: `Byline ${HOSTILE}`,
      summary: `Summary ${HOSTILE}`,
      slug: `slug "quoted" <${HOSTILE.length}>`,
    });
    const digests = createDigestRenderer({
      templates: await (await import('../../src/digest/index.js')).loadDigestTemplates(
        templatesDir,
      ),
      siteUrl,
      siteName: `Site ${HOSTILE}`,
      timezone: 'UTC',
      language: 'en',
    });
    expect(await digests.mode()).toEqual({ kind: 'layout' });
    const selection = digestFor([hostile], {}) as DigestSelection;
    const digest = await digests.render(selection, recipient(1, `Name ${HOSTILE}`));
    expect(digest.html).not.toMatch(/<b>bold/);
    expect(digest.html).not.toContain(HOSTILE);
    const shown = decodeEntities(digest.html);
    for (const where of ['Cat', 'Title', 'Byline', 'Summary', 'Site', 'Name']) {
      expect(shown).toContain(`${where} ${HOSTILE}`);
      expect(digest.text).toContain(`${where} ${HOSTILE}`);
    }
    // Article text is never read as a template: its braces print as braces.
    expect(digest.text.split('reader1@example.org')).toHaveLength(2);
    expect(shown).toContain(`/articles/${encodeURIComponent(hostile.slug)}"`);
    expect(digest.subject).toBe(`Site ${HOSTILE}: Title ${HOSTILE}`);
  });

  it('holds exactly the categories each subscriber chose that have news', async () => {
    const names = ['Biz updates', 'Industrial Parks', 'Science & <Tech>', 'Sports', 'Quiet'];
    const articles = Array.from({ length: 24 }, (_, i) =>
      article(
        `c${i}`,
        names[i % 4] as string,
        new Date(Date.UTC(2024, 5, 21, 6, -i)).toISOString(),
      ),
    );
    const digests = await renderer();
    const choices = [
      ['biz-updates'],
      ['sports', 'science-tech'],
      ['Industrial Parks', 'quiet'],
      ['biz-updates', 'industrial-parks', 'science-tech', 'sports'],
      [],
    ];
    for (const chosen of choices) {
      const selection = digestFor(articles, { categories: chosen }) as DigestSelection;
      const digest = await digests.render(selection, recipient(2));
      const headings = [...digest.html.matchAll(/<h2 class="gz-kicker"[^>]*>([^<]*)<\/h2>/g)].map(
        (match) => decodeEntities(match[1] ?? ''),
      );
      const textHeadings = [...digest.text.matchAll(/^== (.*) ==$/gm)].map((match) => match[1]);
      const wanted =
        chosen.length === 0
          ? names.slice(0, 4)
          : names.filter(
              (name) =>
                chosen.some((c) => categorySlugOf(c) === categorySlug(name)) && name !== 'Quiet',
            );
      expect(new Set(headings)).toEqual(new Set(wanted));
      expect(headings).toHaveLength(wanted.length);
      expect(textHeadings).toEqual(headings);
      for (const item of selection.articles) {
        expect(wanted).toContain(item.category.name);
        expect(digest.text).toContain(item.title);
      }
    }
  });

  it('needs no compile and keeps no digest, however many distinct digests are built', async () => {
    const articles = Array.from({ length: 40 }, (_, i) =>
      article(`d${i}`, `Category ${i % 20}`, new Date(Date.UTC(2024, 5, 21, 6, -i)).toISOString()),
    );
    const digests = await renderer();
    await digests.mode();
    const atStart = digests.compiles;
    const seen = new Set<string>();
    for (let a = 0; a < 20; a++) {
      for (let b = a + 1; b < 20; b++) {
        const selection = digestFor(articles, {
          categories: [`category-${a}`, `category-${b}`],
        }) as DigestSelection;
        seen.add((await digests.layOut(selection)).digestId);
      }
    }
    expect(seen.size).toBe(190);
    expect(digests.compiles).toBe(atStart);
  });
});

describe("an operator's template", () => {
  const base = { siteUrl, siteName: 'Gazette', timezone: 'UTC', language: 'en' };
  const modeOf = async (templates: DigestTemplates) =>
    createDigestRenderer({ ...base, templates }).mode();

  it('without block markers is compiled per content, and the reason names the tag', async () => {
    const mode = await modeOf(await unmarkedTemplates());
    expect(mode).toEqual({
      kind: 'per-content',
      reason: expect.stringMatching(/MJML dropped \{\{#each sections\}\}, \{\{#if more.count\}\}/),
    });
  });

  it('using what a layout cannot reproduce is compiled per content, and says what', async () => {
    const templates = await unmarkedTemplates();
    const marked = await loadDigestTemplates(templatesDir);
    const withParams = marked.mjml.replace('{{#each sections}}', '{{#each sections as |section|}}');
    expect(await modeOf({ ...templates, mjml: withParams })).toEqual({
      kind: 'per-content',
      reason: expect.stringContaining('block parameters'),
    });
    const lookup = { ...marked, text: '{{lookup site "name"}}' };
    expect(await modeOf(lookup)).toEqual({
      kind: 'per-content',
      reason: expect.stringContaining('lookup'),
    });
  });

  it('still renders per content exactly as before', async () => {
    const digests = await renderer(await unmarkedTemplates());
    const selection = digestFor([article('p', 'Biz', '2024-06-21T05:00:00Z')], {});
    const digest = await digests.render(selection as DigestSelection, recipient(3, 'Ann'));
    expect(digest.text).toContain('Hello Ann, here is what is new at Gazette.');
    expect(digest.html).toContain('reader3@example.org');
  });
});
