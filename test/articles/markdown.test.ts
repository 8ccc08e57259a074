import { describe, expect, it } from 'vitest';
import { absoluteUrls, parseArticle } from '../../src/articles/index.js';

const body = (markdown: string): string => {
  const file = `---\ntitle: T\ncategory: C\ndate: 2024-06-01\n---\n\n${markdown}\n`;
  const result = parseArticle('a.md', new TextEncoder().encode(file), { timezone: 'UTC' });
  if (!result.ok) throw new Error(result.problem.message);
  return result.article.bodyHtml;
};

describe('links and images in Markdown', () => {
  it.each([
    ['a javascript: link', '[x](javascript:alert(1))'],
    ['a mixed-case scheme', '[x](JaVaScRiPt:alert(1))'],
    ['an entity-encoded scheme', '[x](jav&#x61;script:alert(1))'],
    ['a decimal entity', '[x](&#106;avascript:alert(1))'],
    ['a data: link', '[x](data:text/html;base64,PHNjcmlwdD4=)'],
    ['a vbscript: link', '[x](vbscript:msgbox(1))'],
    ['a file: link', '[x](file:///etc/passwd)'],
    ['an autolink', '<javascript:alert(1)>'],
    ['a reference link', '[x][r]\n\n[r]: javascript:alert(1)'],
  ])('drop %s and keep its text', (_name, markdown) => {
    const html = body(markdown);
    expect(html).not.toMatch(/<a\b|href=/);
    expect(html.replace(/<[^>]+>/g, '')).toMatch(/^x$|^javascript:alert\(1\)$/);
  });

  it.each([
    ['https', '[x](https://example.org/)', 'href="https://example.org/"'],
    ['http', '[x](http://example.org/)', 'href="http://example.org/"'],
    ['mailto', '[x](mailto:desk@example.org)', 'href="mailto:desk@example.org"'],
    ['a relative path', '[x](/about)', 'href="/about"'],
    ['a fragment', '[x](#top)', 'href="#top"'],
  ])('keep a link to %s', (_name, markdown, attribute) => {
    expect(body(markdown)).toContain(attribute);
  });

  it('keep images from http, https and relative URLs, and turn others into their alt text', () => {
    expect(body('![a](https://img.example.org/a.png)')).toContain(
      'src="https://img.example.org/a.png"',
    );
    expect(body('![a](/img/a.png)')).toContain('src="/img/a.png"');
    const dropped = body('![the alt text](data:image/png;base64,iVBORw0KGgo=) ![m](mailto:x@y)');
    expect(dropped).not.toMatch(/<img/);
    expect(dropped).toContain('the alt text');
  });

  it('render footnotes as footnotes', () => {
    const html = body('A claim.[^1]\n\n[^1]: The source.');
    expect(html).not.toContain('[^1]');
    expect(html).toMatch(/<sup><a id="footnote-ref-1" href="#footnote-1"[^>]*>1<\/a><\/sup>/);
    expect(html).toMatch(/<li id="footnote-1">\s*<p>The source\./);
  });

  it('show raw HTML as text', () => {
    const html = body('<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)>');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('absoluteUrls', () => {
  const base = 'https://news.example.org/articles/a-story';
  it('resolves every relative link and image against the article URL', () => {
    const html = body(
      '[a](/about) [b](pic.jpg) [c](#top) [d](//cdn.example.org/x) ![e](img/e.png) [f](?page=2)',
    );
    const resolved = absoluteUrls(html, base);
    expect(resolved).toContain('href="https://news.example.org/about"');
    expect(resolved).toContain('href="https://news.example.org/articles/pic.jpg"');
    expect(resolved).toContain('href="https://news.example.org/articles/a-story#top"');
    expect(resolved).toContain('href="https://cdn.example.org/x"');
    expect(resolved).toContain('src="https://news.example.org/articles/img/e.png"');
    expect(resolved).toContain('href="https://news.example.org/articles/a-story?page=2"');
  });

  it('leaves absolute URLs and bodies without relative ones as they are', () => {
    const html = body('[a](https://example.org) [m](mailto:a@b.c)');
    expect(absoluteUrls(html, base)).toBe(html);
  });
});
