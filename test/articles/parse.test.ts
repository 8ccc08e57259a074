import { describe, expect, it } from 'vitest';
import {
  type Article,
  loadArticles,
  type ParseResult,
  parseArticle,
  publishedAt,
} from '../../src/articles/index.js';
import { seedArticle, writeStore } from '../helpers/store-files.js';

const options = { timezone: 'Asia/Shanghai' };
const encode = (text: string) => new TextEncoder().encode(text);

function parsed(result: ParseResult): Article {
  if (!result.ok) throw new Error(`expected an article, got ${result.problem.message}`);
  return result.article;
}

function problem(result: ParseResult): { line: number; reason: string } {
  if (result.ok) throw new Error(`expected a problem, got "${result.article.title}"`);
  return { line: result.problem.line, reason: result.problem.reason };
}

describe('parsing the seed format', () => {
  const base = seedArticle({
    title: 'Plain title',
    paragraphs: ['One.', 'Two.'],
    related: [['Teaser', 'Blurb']],
  });

  it.each([
    ['a UTF-8 BOM', `\uFEFF${base}`],
    ['CRLF line endings', base.replace(/\n/g, '\r\n')],
    ['CR line endings', base.replace(/\n/g, '\r')],
    ['trailing spaces', base.replace(/\n/g, '   \n')],
    ['a final newline', `${base}\n`],
    ['no final newline', base],
  ])('reads the same article with %s', (_name, text) => {
    const article = parsed(parseArticle('x.txt', encode(text), options));
    expect(article.title).toBe('Plain title');
    expect(article.paragraphs).toEqual(['One.', 'Two.']);
    expect(article.related).toEqual([{ headline: 'Teaser', blurb: 'Blurb' }]);
    expect(article.byline).toBe('example.org');
  });

  it('takes the last breadcrumb segment of any depth as the category', () => {
    const article = parsed(
      parseArticle('x.txt', encode(seedArticle({ crumb: 'Home>News>Biz updates' })), options),
    );
    expect(article.category).toEqual({ name: 'Biz updates', slug: 'biz-updates' });
  });

  it('gives two spellings of one category one slug and one display name', async () => {
    const dir = writeStore({
      'a.txt': seedArticle({ crumb: 'Home>Industrial Parks', title: 'A' }),
      'b.txt': seedArticle({ crumb: 'Home>industrial parks', title: 'B' }),
      'c.txt': seedArticle({ crumb: 'Home>Industrial  Parks', title: 'C' }),
    });
    const store = await loadArticles(dir, options);
    expect(store.categories).toEqual([{ name: 'Industrial Parks', slug: 'industrial-parks' }]);
    expect(new Set(store.articles.map((a) => a.category.name))).toEqual(
      new Set(['Industrial Parks']),
    );
  });

  it('keeps text that looks like HTML as text, escaped in the body HTML', () => {
    const article = parsed(
      parseArticle(
        'x.txt',
        encode(
          seedArticle({ title: 'Use <b>bold</b> & "quotes"', paragraphs: ['a <b>b</b> & c'] }),
        ),
        options,
      ),
    );
    expect(article.title).toBe('Use <b>bold</b> & "quotes"');
    expect(article.paragraphs).toEqual(['a <b>b</b> & c']);
    expect(article.bodyHtml).toBe('<p>a &lt;b&gt;b&lt;/b&gt; &amp; c</p>');
  });

  it('reads Chinese and emoji', () => {
    const article = parsed(
      parseArticle(
        'x.txt',
        encode(
          seedArticle({ crumb: '首页>经济', title: '哈尔滨 🚀 新闻', paragraphs: ['中文段落 🎉'] }),
        ),
        options,
      ),
    );
    expect(article.title).toBe('哈尔滨 🚀 新闻');
    expect(article.category.name).toBe('经济');
    // Transliterated, with a digest of the name: a Latin slug alone could stand for another name.
    expect(article.category.slug).toMatch(/^jing-ji--[0-9a-f]{8}$/);
    expect(article.paragraphs).toEqual(['中文段落 🎉']);
    expect(article.slug).toBe('ha-er-bin-xin-wen');
  });

  it('reads a date as midnight in the zone, and a date with a time or an offset', () => {
    const at = (date: string) =>
      parsed(parseArticle('x.txt', encode(seedArticle({ date })), options)).date.toISOString();
    expect(at('2024-06-21')).toBe('2024-06-20T16:00:00.000Z');
    expect(at('2024-06-21 14:30')).toBe('2024-06-21T06:30:00.000Z');
    expect(at('2024-06-21T14:30:15Z')).toBe('2024-06-21T14:30:15.000Z');
    expect(at('2024-06-21 14:30 +02:00')).toBe('2024-06-21T12:30:00.000Z');
    const berlin = parseArticle('x.txt', encode(seedArticle({ date: '2024-03-31 02:30' })), {
      timezone: 'Europe/Berlin',
    });
    expect(parsed(berlin).date.toISOString()).toBe('2024-03-31T01:30:00.000Z');
  });

  it('reads zero or several related teasers, never as body', () => {
    const none = parsed(parseArticle('x.txt', encode(seedArticle({ related: [] })), options));
    expect(none.related).toEqual([]);
    const two = parsed(
      parseArticle(
        'x.txt',
        encode(
          seedArticle({
            paragraphs: ['Body.'],
            related: [
              ['H1', 'B1'],
              ['H2', 'B2'],
            ],
          }),
        ),
        options,
      ),
    );
    expect(two.related).toEqual([
      { headline: 'H1', blurb: 'B1' },
      { headline: 'H2', blurb: 'B2' },
    ]);
    expect(two.paragraphs).toEqual(['Body.']);
  });

  it('takes the id from the file name, so an edited title keeps it', () => {
    const before = parsed(
      parseArticle('2024/story.txt', encode(seedArticle({ title: 'Before' })), options),
    );
    const after = parsed(
      parseArticle(
        '2024/story.txt',
        encode(seedArticle({ title: 'After', paragraphs: ['x'] })),
        options,
      ),
    );
    expect(before.id).toBe('2024/story');
    expect(after.id).toBe(before.id);
    expect(after.slug).not.toBe(before.slug);
  });
});

describe('bad files', () => {
  it.each([
    ['an empty file', new Uint8Array(), 1, /empty/],
    ['only white space', encode('  \n\n  '), 1, /empty/],
    [
      'bytes that are not UTF-8',
      Uint8Array.from([...encode('Home>News\n\nTitle\n'), 0xff, 0xfe, 0x41]),
      4,
      /UTF-8/,
    ],
    [
      'a binary file',
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]),
      3,
      /binary/,
    ],
    [
      'a missing title',
      encode('Home>News\n\nUpdated : 2024-06-21\n\nBy ( x )\n\nBody'),
      3,
      /missing title/,
    ],
    ['a missing date', encode('Home>News\n\nTitle\n\nBy ( x )\n\nBody'), 5, /missing date/],
    [
      'a date that does not parse',
      encode(seedArticle({ date: '2024-13-45' })),
      5,
      /does not parse/,
    ],
    ['a date that is not a date', encode(seedArticle({ date: 'yesterday' })), 5, /does not parse/],
    [
      'a file over 1 MiB',
      encode(seedArticle({ paragraphs: ['x'.repeat(1024 * 1024)] })),
      1,
      /limit/,
    ],
  ])('reports %s with its line and reason', (_name, bytes, line, reason) => {
    const result = problem(parseArticle('bad.txt', bytes, options));
    expect(result.line).toBe(line);
    expect(result.reason).toMatch(reason);
  });

  it('reports each bad file with its path and still returns every good one', async () => {
    const dir = writeStore({
      'good-1.txt': seedArticle({ title: 'Good one' }),
      'good-2.md': '---\ntitle: Good two\ncategory: News\ndate: 2024-06-22\n---\nBody text.\n',
      'empty.txt': '',
      'no-date.txt': 'Home>News\n\nTitle\n\nBy ( x )\n\nBody',
      'sub/binary.txt': Uint8Array.from([0, 1, 2, 3]),
      'ignored.png': Uint8Array.from([0, 1, 2, 3]),
    });
    const store = await loadArticles(dir, options);
    expect(store.articles.map((a) => a.title).sort()).toEqual(['Good one', 'Good two']);
    expect(store.problems.map((p) => p.path)).toEqual([
      'empty.txt',
      'no-date.txt',
      'sub/binary.txt',
    ]);
    expect(store.problems[1]?.message).toBe(
      'no-date.txt:5: missing date (a line like "Updated : 2024-06-21")',
    );
  });
});

describe('Markdown with front matter', () => {
  it('reads the fields, the body as HTML and the summary', () => {
    const text = [
      '---',
      'title: "Markdown & more"',
      'category: Biz updates',
      'date: 2024-06-21 09:00',
      'author: Jane Doe',
      'slug: custom-slug',
      '---',
      '',
      'First **bold** paragraph with a [link](https://example.org).',
      '',
      'Second paragraph.',
    ].join('\n');
    const article = parsed(parseArticle('post.md', encode(text), options));
    expect(article.title).toBe('Markdown & more');
    expect(article.category).toEqual({ name: 'Biz updates', slug: 'biz-updates' });
    expect(article.date.toISOString()).toBe('2024-06-21T01:00:00.000Z');
    expect(article.byline).toBe('Jane Doe');
    expect(article.slug).toBe('custom-slug');
    expect(article.summary).toBe('First bold paragraph with a link.');
    expect(article.bodyHtml).toContain('<strong>bold</strong>');
    expect(article.paragraphs).toHaveLength(2);
  });

  it('prefers the summary of the front matter', () => {
    const text = '---\ntitle: T\ncategory: C\ndate: 2024-01-01\nsummary: Short.\n---\nLong body.';
    expect(parsed(parseArticle('p.md', encode(text), options)).summary).toBe('Short.');
  });

  it.each([
    ['no front matter', 'Just text', 1, /front matter/],
    ['unclosed front matter', '---\ntitle: T\n', 1, /not closed/],
    ['broken YAML', '---\ntitle: [unclosed\ncategory: C\n---\nBody', 3, /front matter/],
    ['no title', '---\ncategory: C\ndate: 2024-01-01\n---\nBody', 2, /missing title/],
    ['a bad date', '---\ntitle: T\ncategory: C\ndate: soon\n---\nBody', 4, /does not parse/],
  ])('reports %s', (_name, text, line, reason) => {
    const result = problem(parseArticle('p.md', encode(text), options));
    expect(result.reason).toMatch(reason);
    expect(result.line).toBe(line);
  });
});

describe('the store', () => {
  it('makes slugs unique, each newer article taking a digest of its own id, never a counter', async () => {
    const dir = writeStore({
      'a.txt': seedArticle({ title: 'Same title', date: '2024-01-01' }),
      'b.txt': seedArticle({ title: 'Same title', date: '2024-02-01' }),
      'c.txt': seedArticle({ title: 'Same title', date: '2024-03-01' }),
    });
    const store = await loadArticles(dir, options);
    const slugs = Object.fromEntries(store.articles.map((a) => [a.id, a.slug]));
    expect(slugs.a).toBe('same-title');
    expect(slugs.b).toMatch(/^same-title-[0-9a-f]{8}$/);
    expect(slugs.c).toMatch(/^same-title-[0-9a-f]{8}$/);
    expect(store.articles.map((a) => a.id)).toEqual(['c', 'b', 'a']);
    // Without `b`, `c` keeps its slug: it depends on its own id, not on the other files.
    const without = await loadArticles(
      writeStore({
        'a.txt': seedArticle({ title: 'Same title', date: '2024-01-01' }),
        'c.txt': seedArticle({ title: 'Same title', date: '2024-03-01' }),
      }),
      options,
    );
    expect(without.articles.find((a) => a.id === 'c')?.slug).toBe(slugs.c);
  });

  it('publishes a future-dated article only when its date comes', async () => {
    const dir = writeStore({
      'now.txt': seedArticle({ title: 'Now', date: '2024-06-21' }),
      'later.txt': seedArticle({ title: 'Later', date: '2024-07-01 08:00' }),
    });
    const { articles } = await loadArticles(dir, options);
    expect(publishedAt(articles, new Date('2024-06-25T00:00:00Z')).map((a) => a.title)).toEqual([
      'Now',
    ]);
    expect(publishedAt(articles, new Date('2024-07-01T00:00:00Z')).map((a) => a.title)).toEqual([
      'Later',
      'Now',
    ]);
  });
});

describe('hostile input', () => {
  it('takes the last named breadcrumb segment, even when the line ends in ">"', () => {
    const article = parsed(
      parseArticle('x.txt', encode(seedArticle({ crumb: 'Home>R&D <beta>' })), options),
    );
    expect(article.category.name).toBe('R&D <beta');
  });

  it('shows raw HTML in Markdown as text, never as markup', () => {
    const text =
      '---\ntitle: T\ncategory: C\ndate: 2024-01-01\n---\nHi <b>there</b>.\n\n<script>alert(1)</script>\n';
    const article = parsed(parseArticle('p.md', encode(text), options));
    expect(article.bodyHtml).not.toMatch(/<script|<b>/);
    expect(article.bodyHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(article.bodyHtml).toContain('&lt;b&gt;there&lt;/b&gt;');
  });
});
