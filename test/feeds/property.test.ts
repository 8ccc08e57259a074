import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleStore, parseArticle } from '../../src/articles/index.js';
import { buildFeeds } from '../../src/feeds/index.js';
import { xmlErrors } from '../helpers/xml.js';

const now = new Date('2025-01-01T00:00:00Z');

/** Any UTF-16 text: every code point, lone surrogates, controls and noncharacters included. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '\uFFFE',
      '\uFFFF',
      '\u0085',
      '\f',
      '\0',
      '\uD800',
      '\uDFFF',
      '&',
      '<',
      ']]>',
      '\u202E',
      '𝄞',
      'a',
      ' ',
    ),
    maxLength: 20,
  }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

/**
 * One line of a file: no line break (it would change the file's structure, not its text) and no
 * NUL (a file with one is binary, and reported as such: see the article tests).
 */
const oneLine = anyText.map((text) => text.replace(/[\r\n]/g, ' ').replace(/\0/g, ''));

/** A YAML double-quoted scalar that holds `text` exactly, whatever its code points. */
function yamlQuoted(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++)
    out += `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return `${out}"`;
}

const fields = fc.record({
  title: oneLine,
  body: oneLine,
  category: oneLine,
  author: oneLine,
  siteName: anyText,
  markdown: fc.boolean(),
});

describe('arbitrary text in any field', () => {
  it('never yields an RSS, Atom or OPML document that is not well-formed', () => {
    fc.assert(
      fc.property(fields, (f) => {
        const file = f.markdown
          ? [
              '---',
              `title: ${yamlQuoted(`T${f.title}`)}`,
              `category: ${yamlQuoted(`C${f.category}`)}`,
              'date: 2024-06-01 09:00',
              `author: ${yamlQuoted(f.author)}`,
              '---',
              '',
              `B ${f.body}`,
              '',
            ].join('\n')
          : [
              `Home>C${f.category}`,
              `T${f.title}`,
              'Updated : 2024-06-01',
              `By ( ${f.author} )`,
              `B${f.body}`,
            ].join('\n\n');
        const path = f.markdown ? 'a.md' : 'a.txt';
        // Lone surrogates cannot be written as UTF-8: the encoder writes U+FFFD, as a file would.
        const result = parseArticle(path, new TextEncoder().encode(file), { timezone: 'UTC' });
        expect(result.ok, JSON.stringify(file)).toBe(true);
        const store = assembleStore([result]);
        const build = buildFeeds(
          store.articles,
          {
            siteUrl: 'https://news.example.org',
            siteName: f.siteName,
            language: 'en',
            feedItems: 2,
          },
          now,
        );
        for (const doc of build.documents.values()) {
          if (doc.format === 'json') JSON.parse(doc.body);
          else expect(xmlErrors(doc.body, doc.path), doc.path).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never yields a document that is not well-formed, from articles made in code', () => {
    fc.assert(
      fc.property(fields, (f) => {
        const article = {
          id: 'a',
          slug: 'a',
          title: f.title,
          category: { name: f.category, slug: 'c' },
          date: new Date('2024-06-01T00:00:00Z'),
          byline: f.author,
          paragraphs: [f.body],
          bodyHtml: `<p>${f.body}</p>`,
          summary: f.body,
          related: [],
          sourcePath: 'a.txt',
        };
        const build = buildFeeds(
          [article],
          {
            siteUrl: 'https://news.example.org',
            siteName: f.siteName,
            language: 'en',
            feedItems: 1,
          },
          now,
        );
        for (const doc of build.documents.values()) {
          if (doc.format !== 'json') expect(xmlErrors(doc.body, doc.path), doc.path).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
