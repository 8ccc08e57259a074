import { describe, expect, it } from 'vitest';
import { sameRendering } from '../../src/digest/check-layout.js';
import {
  createDigestRenderer,
  type DigestSelection,
  DigestTemplateError,
  digestIdOf,
  selectDigest,
} from '../../src/digest/index.js';
import {
  article,
  decodeEntities,
  hrefs,
  recipient,
  renderer,
  siteUrl,
  unmarkedTemplates,
} from './fixtures.js';

const now = new Date('2024-06-21T07:00:00Z');
const hostile = `Tom & Jerry's <script>alert("x")</script> "deal"`;

function selectionOf(articles: ReturnType<typeof article>[], maxItems = 20): DigestSelection {
  const firstSeen = new Map(articles.map((a) => [a.id, now]));
  const selection = selectDigest({
    articles,
    firstSeen,
    subscriber: {
      categories: [],
      lastDigestAt: new Date(now.getTime() - 86_400_000),
      sentArticleIds: new Set(),
    },
    now,
    firstDigestItems: 5,
    maxItems,
  });
  if (!selection) throw new Error('expected a digest');
  return selection;
}

const articles = [
  article('hostile', 'Biz <updates> & co', '2024-06-21T05:00:00Z', {
    title: hostile,
    byline: '<em>Byline</em> & "co"',
    summary: 'Summary with <img src=x onerror=alert(1)> & ampersand',
  }),
  article('plain', 'Industrial Parks', '2024-06-21T04:00:00Z', { slug: 'plain-news' }),
  article('third', 'Biz <updates> & co', '2024-06-20T04:00:00Z'),
];

describe('createDigestRenderer', () => {
  it('escapes every piece of article text in the HTML and keeps it whole in the text', async () => {
    const digest = await (await renderer()).render(
      selectionOf(articles),
      recipient(1, '<b>Eve</b>'),
    );
    expect(digest.html).not.toContain('<script>');
    expect(digest.html).not.toContain('<img');
    expect(digest.html).not.toContain('<em>Byline');
    expect(digest.html).not.toContain('<updates>');
    expect(digest.html).not.toContain('<b>Eve');
    expect(digest.html).toContain(
      'Tom &amp; Jerry&#x27;s &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    );
    expect(digest.html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
    expect(digest.text).toContain(hostile);
    expect(digest.text).toContain('Hello <b>Eve</b>,');
    expect(digest.subject).toBe(`Gazette: ${hostile} (+2 more)`);
  });

  it("links only to absolute URLs on the site, with the subscriber's own tokens", async () => {
    const digest = await (await renderer()).render(selectionOf(articles), recipient(7));
    const links = hrefs(digest.html);
    expect(links.length).toBeGreaterThan(8);
    for (const link of links) expect(link.startsWith(`${siteUrl}/`)).toBe(true);
    expect(links).toContain(`${siteUrl}/unsubscribe?token=unsub-7&via=mail`);
    expect(links).toContain(`${siteUrl}/preferences?token=prefs-7`);
    expect(links).toContain(`${siteUrl}/articles/plain-news`);
    expect(links).toContain(`${siteUrl}/digests/${digest.digestId}`);
    expect(digest.html).not.toMatch(/\bsrc="/);
  });

  it.each([
    ['from the layout', false],
    ['per content', true],
  ])('leaves no MJML tag, template tag or stand-in behind (%s)', async (_, unmarked) => {
    const digests = await renderer(unmarked ? await unmarkedTemplates() : undefined);
    const digest = await digests.render(selectionOf(articles), recipient(2, 'Ann'));
    expect(digest.html).not.toContain('<mj-');
    expect(digest.html).not.toContain('{{');
    expect(digest.text).not.toContain('{{');
    expect(digest.html).not.toMatch(/gzr[0-9a-f]{24}n/);
    expect(digest.text).not.toMatch(/gzr[0-9a-f]{24}n/);
    expect(digest.html).toMatch(/^<!doctype html>/i);
    expect(digest.html).toContain('prefers-color-scheme: dark');
    expect(digest.html).toContain('<meta name="color-scheme" content="light dark"');
    expect(digest.html).toContain('reader2@example.org');
  });

  it('writes a text part holding every title and link', async () => {
    const many = Array.from({ length: 23 }, (_, i) =>
      article(
        `m${i}`,
        i % 2 ? 'Sports' : 'Biz updates',
        new Date(Date.UTC(2024, 5, 20, i)).toISOString(),
      ),
    );
    const selection = selectionOf(many);
    const digest = await (await renderer()).render(selection, recipient(3));
    for (const item of selection.articles) {
      expect(digest.text).toContain(item.title);
      expect(digest.text).toContain(`${siteUrl}/articles/${item.slug}`);
    }
    for (const link of hrefs(digest.html)) expect(digest.text).toContain(link);
    expect(digest.text).toContain('And 3 more on Gazette');
    expect(digest.html).toContain('And 3 more on Gazette');
    expect(digest.text).not.toContain('&amp;');
  });

  it('compiles MJML for the layout only: 1,000 subscribers over 3 selections add no compile', async () => {
    const digests = await renderer();
    expect(await digests.mode()).toEqual({ kind: 'layout' });
    const atStart = digests.compiles;
    const selections = [
      selectionOf(articles),
      selectionOf(articles.slice(1)),
      selectionOf([articles[0], articles[2]] as typeof articles),
    ];
    const copies = await Promise.all(
      Array.from({ length: 1000 }, (_, n) =>
        digests.render(
          selections[n % 3] as DigestSelection,
          recipient(n, n % 2 ? `Reader ${n}` : undefined),
        ),
      ),
    );
    expect(digests.compiles).toBe(atStart);
    expect(new Set(copies.map((copy) => copy.digestId)).size).toBe(3);
    const sample = copies[500];
    expect(hrefs(sample?.html ?? '')).toContain(`${siteUrl}/unsubscribe?token=unsub-500&via=mail`);
    expect(sample?.text).toContain('Hello reader,');
    expect(copies[501]?.text).toContain('Hello Reader 501,');
  });

  it('shows an edited article as edited, with no compile', async () => {
    const digests = await renderer();
    await digests.render(selectionOf(articles), recipient(1));
    const atStart = digests.compiles;
    const edited = articles.map((a) => (a.id === 'plain' ? { ...a, title: 'Corrected title' } : a));
    const digest = await digests.render(selectionOf(edited), recipient(3));
    expect(digest.html).toContain('Corrected title');
    expect(digest.text).toContain('Corrected title');
    expect(digests.compiles).toBe(atStart);
  });

  it('derives the digest id from the content, not from the renderer or the recipient', async () => {
    const selection = selectionOf(articles);
    const one = await (await renderer()).render(selection, recipient(1));
    const other = await (await renderer()).render(selection, recipient(2));
    expect(one.digestId).toBe(digestIdOf(selection.key));
    expect(other.digestId).toBe(one.digestId);
  });

  it("keeps the web view free of any subscriber's address and tokens", async () => {
    const digests = await renderer();
    const web = await digests.renderWebView(selectionOf(articles));
    expect(web.html).not.toContain('token=');
    expect(web.html).not.toContain('@example.org');
    expect(hrefs(web.html)).toContain(`${siteUrl}/manage`);
  });

  it('refuses recipient links that are not absolute web URLs', async () => {
    const digests = await renderer();
    const bad = { ...recipient(1), unsubscribeUrl: 'javascript:alert(1)' };
    await expect(digests.render(selectionOf(articles), bad)).rejects.toThrow(/unsubscribeUrl/);
  });

  it('reports a broken template by name instead of sending it', async () => {
    const base = { siteUrl, siteName: 'Gazette', timezone: 'UTC', language: 'en' };
    const unknownTag = createDigestRenderer({
      ...base,
      templates: { mjml: '<mjml><mj-body><mj-nope /></mj-body></mjml>', text: 'x' },
    });
    await expect(unknownTag.render(selectionOf(articles), recipient(1))).rejects.toThrow(
      DigestTemplateError,
    );
    const typo = createDigestRenderer({
      ...base,
      templates: { mjml: '<mjml><mj-body></mj-body></mjml>', text: '{{site.nmae}}' },
    });
    await expect(typo.render(selectionOf(articles), recipient(1))).rejects.toThrow(/digest\.txt/);
    expect(() =>
      createDigestRenderer({ ...base, templates: { mjml: '{{#each}}', text: '' } }),
    ).toThrow(/digest\.mjml/);
  });
});

describe('a template whose blocks are not marked', () => {
  it('is compiled once per distinct content, and says why', async () => {
    const digests = await renderer(await unmarkedTemplates());
    const mode = await digests.mode();
    expect(mode.kind).toBe('per-content');
    expect(mode.kind === 'per-content' && mode.reason).toMatch(/\{\{#each sections\}\}.*<mj-raw>/);
    const atStart = digests.compiles;
    const selections = [
      selectionOf(articles),
      selectionOf(articles.slice(1)),
      selectionOf([articles[0], articles[2]] as typeof articles),
    ];
    const copies = await Promise.all(
      Array.from({ length: 300 }, (_, n) =>
        digests.render(selections[n % 3] as DigestSelection, recipient(n)),
      ),
    );
    expect(digests.compiles - atStart).toBe(3);
    expect(hrefs(copies[100]?.html ?? '')).toContain(
      `${siteUrl}/unsubscribe?token=unsub-100&via=mail`,
    );
    await digests.render(selections[0] as DigestSelection, recipient(1001));
    expect(digests.compiles - atStart).toBe(3);
  });

  it('compiles again when an article of the same digest was edited, and only then', async () => {
    const digests = await renderer(await unmarkedTemplates());
    await digests.render(selectionOf(articles), recipient(1));
    const atStart = digests.compiles;
    const reloaded = articles.map((a) => ({ ...a, category: { ...a.category } }));
    await digests.render(selectionOf(reloaded), recipient(2));
    expect(digests.compiles).toBe(atStart);
    const edited = reloaded.map((a) => (a.id === 'plain' ? { ...a, title: 'Corrected title' } : a));
    const digest = await digests.render(selectionOf(edited), recipient(3));
    expect(digests.compiles).toBe(atStart + 1);
    expect(digest.html).toContain('Corrected title');
  });

  it('reads like the marked template', async () => {
    const marked = await (await renderer()).render(selectionOf(articles), recipient(4, 'Ann'));
    const unmarked = await (await renderer(await unmarkedTemplates())).render(
      selectionOf(articles),
      recipient(4, 'Ann'),
    );
    expect(unmarked.text).toBe(marked.text);
    expect(sameRendering(unmarked.html, marked.html)).toBe(true);
  });
});

describe('compiled layout', () => {
  it('drops indentation, except where a template keeps white space verbatim', async () => {
    const plain = await (await renderer()).render(selectionOf(articles), recipient(1));
    expect(plain.html).not.toMatch(/\n[ \t]/);
    const verbatim = createDigestRenderer({
      siteUrl,
      siteName: 'Gazette',
      timezone: 'UTC',
      language: 'en',
      templates: {
        mjml: '<mjml><mj-body><mj-section><mj-column><mj-text><pre>a\n    b</pre></mj-text></mj-column></mj-section></mj-body></mjml>',
        text: '{{subject}}',
      },
    });
    expect((await verbatim.render(selectionOf(articles), recipient(1))).html).toContain('a\n    b');
  });
});

describe('decodeEntities', () => {
  it('undoes the escaping it checks', () => {
    expect(decodeEntities('a &amp;lt; b &lt;')).toBe('a &lt; b <');
  });
});
