import { describe, expect, it } from 'vitest';
import { rssTitleReferences } from '../../src/feeds/rss.js';

describe('RSS plain text', () => {
  it('writes & and < in titles and the channel description as hexadecimal references', () => {
    const document = [
      '<channel>',
      '<title>News &amp; &lt;Views&gt;</title>',
      '<description>From News &amp; Co</description>',
      '<item><title>A &amp; B</title>',
      '<description><![CDATA[<p>HTML &amp; more</p>]]></description></item>',
    ].join('\n');
    expect(rssTitleReferences(document)).toBe(
      [
        '<channel>',
        '<title>News &#x26; &#x3C;Views&gt;</title>',
        '<description>From News &#x26; Co</description>',
        '<item><title>A &#x26; B</title>',
        '<description><![CDATA[<p>HTML &amp; more</p>]]></description></item>',
      ].join('\n'),
    );
  });
});
