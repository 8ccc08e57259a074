import { describe, expect, it } from 'vitest';
import { type Article, type ParseResult, parseArticle, xmlSafe } from '../../src/articles/index.js';
import { seedArticle } from '../helpers/store-files.js';

const options = { timezone: 'UTC' };
const encode = (text: string) => new TextEncoder().encode(text);

function parsed(result: ParseResult): { article: Article; warnings: string[] } {
  if (!result.ok) throw new Error(`expected an article, got ${result.problem.message}`);
  return { article: result.article, warnings: (result.warnings ?? []).map((w) => w.message) };
}

describe('text a feed cannot carry', () => {
  it.each([
    ['U+FFFE and U+FFFF', 'a\uFFFEb\uFFFFc', 'abc'],
    ['a noncharacter of another plane', 'a\u{10FFFF}b\u{1FFFE}c', 'abc'],
    ['U+FDD0–U+FDEF', 'a\uFDD0b\uFDEFc', 'abc'],
    ['C1 controls', 'a\u0080b\u0085c\u009Fd', 'abcd'],
    ['C0 controls but tab and line breaks', 'a\u0001b\fc\vd\u001Be\tf\ng\rh', 'abcde\tf\ng\rh'],
    ['DEL', 'a\u007Fb', 'ab'],
    ['lone surrogates', 'a\uD800b\uDFFFc', 'abc'],
  ])('removes %s', (_name, text, clean) => {
    expect(xmlSafe(text)).toBe(clean);
  });

  it.each([
    ['emoji (surrogate pairs)', '🚀 👩‍👩‍👧‍👦 🇨🇳'],
    ['bidi controls and marks', 'a\u202Eb\u202C \u2066c\u2069 \u200Fd\u200E'],
    ['zero-width characters', 'a\u200Bb\u200Dc\uFEFFd'],
    ['private use and the replacement character', '\uE000\uFFFD'],
    ['markup characters', '<b> & "q" ]]>'],
  ])('keeps %s', (_name, text) => {
    expect(xmlSafe(text)).toBe(text);
  });

  it('removes them at parse time from every field, with a warning naming the line', () => {
    const text = seedArticle({
      crumb: 'Home>Sci\u0085ence',
      title: 'Non\uFFFEcharacters',
      byline: 'desk\u0001',
      paragraphs: ['One\fbreak.', 'Fine.'],
      related: [['Tea\uFFFFser', 'Blu\u0080rb']],
    });
    const { article, warnings } = parsed(parseArticle('x.txt', encode(text), options));
    expect(article.category.name).toBe('Science');
    expect(article.title).toBe('Noncharacters');
    expect(article.byline).toBe('desk');
    expect(article.paragraphs).toEqual(['Onebreak.', 'Fine.']);
    expect(article.related).toEqual([{ headline: 'Teaser', blurb: 'Blurb' }]);
    expect(warnings).toEqual([
      'x.txt:1: warning: removed U+0085 from this line: characters a feed cannot carry',
      'x.txt:3: warning: removed U+FFFE from this line: characters a feed cannot carry',
      'x.txt:7: warning: removed U+0001 from this line: characters a feed cannot carry',
      'x.txt:9: warning: removed U+000C from this line: characters a feed cannot carry',
      'x.txt:12: warning: removed U+FFFF from this line: characters a feed cannot carry',
      'x.txt:14: warning: removed U+0080 from this line: characters a feed cannot carry',
    ]);
  });

  it('publishes a file with a form feed in its body (it was once dropped as binary)', () => {
    const text = seedArticle({ paragraphs: ['Before.\fAfter.'] });
    expect(parsed(parseArticle('ff.txt', encode(text), options)).article.paragraphs).toEqual([
      'Before.After.',
    ]);
  });

  it('still calls a file binary for a NUL byte, and not UTF-8 for invalid bytes', () => {
    const nul = parseArticle('n.txt', encode(seedArticle({ paragraphs: ['a\0b'] })), options);
    expect(nul.ok ? '' : nul.problem.message).toBe('n.txt:9: binary file (contains NUL bytes)');
    const latin1 = parseArticle('l.txt', Uint8Array.from([0x41, 0x0a, 0xe9]), options);
    expect(latin1.ok ? '' : latin1.problem.reason).toMatch(/not valid UTF-8/);
  });

  it('removes what YAML escapes and HTML entities bring back, with a warning', () => {
    const text = [
      '---',
      'title: "A\\uFFFEB\\x85C"',
      'category: "News\\0"',
      'date: 2024-06-01',
      'author: "\\u0001Desk"',
      '---',
      '',
      'Entities &#xFFFE; &#x1; stay out.',
      '',
    ].join('\n');
    const { article, warnings } = parsed(parseArticle('y.md', encode(text), options));
    expect(article.title).toBe('ABC');
    expect(article.category.name).toBe('News');
    expect(article.byline).toBe('Desk');
    expect(article.bodyHtml).toBe('<p>Entities   stay out.</p>');
    expect(warnings.map((w) => w.split(': warning: ')[0])).toEqual([
      'y.md:2',
      'y.md:3',
      'y.md:5',
      'y.md:8',
    ]);
  });
});
