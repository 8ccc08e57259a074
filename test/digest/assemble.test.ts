import fc from 'fast-check';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/digest/assemble.js';
import { fillCut, joinFilled, recipientGap } from '../../src/digest/cut.js';
import { compileLayout, NotLayable } from '../../src/digest/layout-ops.js';

/** What a layout assembles, filled and joined, for `data`. */
function assembled(source: string, data: object, html = true): string {
  const layout = compileLayout(Handlebars.parse(source), html);
  const values = { name: 'N<', email: 'e&', unsubscribeUrl: 'u"', preferencesUrl: "p'" };
  return joinFilled(fillCut(assemble(layout, data), values, html ? 'html' : 'text'));
}

/** What Handlebars itself makes of it, compiled as digest templates are. */
function handlebars(source: string, data: object, html = true): string {
  return Handlebars.create().compile(source, { strict: true, noEscape: !html })(data);
}

const TEMPLATES = [
  '{{a}} {{{a}}} {{c.d}} {{n}} {{flag}}',
  '{{#each list}}{{@index}}:{{this}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}},{{/each}}',
  '{{#each list}}[{{this}}]{{else}}none{{/each}}',
  '{{#each objects}}<b>{{name}}</b>{{#unless @first}} / {{/unless}}{{tag}}{{/each}}',
  '{{#each obj}}{{@key}}={{this}};{{/each}}',
  '{{#with c}}{{d}} {{../a}}{{else}}no c{{/with}}',
  '{{#unless flag}}no{{else}}yes{{/unless}}|{{#if n}}n{{else}}zero{{/if}}|{{#if list}}l{{/if}}',
  '{{#each objects}}{{#each ../list}}{{../name}}{{this}}{{@root.a}} {{/each}}{{/each}}',
  '<ul>\n  {{#each objects}}\n  <li>{{name}}</li>\n  {{/each}}\n</ul>\n{{~#if flag~}}  x  {{~/if~}} y',
  '{{!-- a comment --}}{{! another }}{{#if c.d}}{{c.d}}{{/if}}',
  '{{#each objects}}{{#with this}}{{name}}{{/with}}{{/each}}',
];

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
// Handlebars itself cannot print into objects without a prototype: plain objects only.
const plain = { noNullPrototype: true } as const;
const data = fc.record(
  {
    a: text,
    c: fc.record({ d: text }, plain),
    n: fc.integer({ min: -1, max: 2 }),
    flag: fc.boolean(),
    list: fc.array(text, { maxLength: 4 }),
    obj: fc.dictionary(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 3 }), text, {
      maxKeys: 3,
      ...plain,
    }),
    objects: fc.array(fc.record({ name: text, tag: text }, plain), { maxLength: 4 }),
  },
  plain,
);

describe('assembling a layout', () => {
  it.each(TEMPLATES)('writes what Handlebars writes, in HTML and in text: %s', (source) => {
    fc.assert(
      fc.property(data, (input) => {
        expect(assembled(source, input)).toBe(handlebars(source, input));
        expect(assembled(source, input, false)).toBe(handlebars(source, input, false));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a card per item and position, so a card seen elsewhere before reads right', () => {
    const source = '{{#each objects}}{{#unless @first}}<hr>{{/unless}}{{name}}{{/each}}';
    const layout = compileLayout(Handlebars.parse(source), true);
    const [x, y] = [{ name: 'x' }, { name: 'y' }];
    const join = (objects: object[]) =>
      joinFilled(fillCut(assemble(layout, { objects }), RECIPIENT, 'html'));
    expect(join([y, x])).toBe('y<hr>x');
    expect(join([x, y])).toBe('x<hr>y');
    expect(join([x])).toBe('x');
    const edited = { name: 'x2' };
    expect(join([y, edited])).toBe('y<hr>x2');
  });

  it("leaves a recipient's gap wherever the template prints one, always escaped in HTML", () => {
    const layout = compileLayout(
      Handlebars.parse(
        '{{recipient.email}}|{{{recipient.email}}}|{{#each list}}{{@root.recipient.name}}{{/each}}',
      ),
      true,
    );
    const cut = assemble(layout, {
      recipient: { email: recipientGap('email'), name: recipientGap('name') },
      list: [1, 2],
    });
    expect(cut.gaps.filter((gap) => typeof gap !== 'string')).toHaveLength(4);
    expect(joinFilled(fillCut(cut, { ...RECIPIENT, email: 'a<b', name: 'N&' }, 'html'))).toBe(
      'a&lt;b|a&lt;b|N&amp;N&amp;',
    );
    expect(joinFilled(fillCut(cut, { ...RECIPIENT, email: 'a\r\nb', name: 'N' }, 'text'))).toBe(
      'a b|a b|NN',
    );
  });

  it('fails a misspelt printed name as Handlebars does, and lets a block test a missing one', () => {
    const layout = compileLayout(Handlebars.parse('{{site.nmae}}'), true);
    expect(() => assemble(layout, { site: { name: 'x' } })).toThrow(/nmae/);
    expect(() => handlebars('{{site.nmae}}', { site: { name: 'x' } })).toThrow(/nmae/);
    const tested = compileLayout(Handlebars.parse('{{#if site.nmae}}x{{else}}y{{/if}}'), true);
    expect(joinFilled(fillCut(assemble(tested, { site: {} }), RECIPIENT, 'html'))).toBe('y');
  });

  it.each([
    ['{{> partial}}', /partial/],
    ['{{lookup site "name"}}', /lookup/],
    ['{{log "x"}}', /log/],
    ['{{#each list as |item|}}{{item}}{{/each}}', /block parameters/],
    ['{{#custom list}}x{{/custom}}', /custom/],
    ['{{#list}}x{{/list}}', /list/],
    ['{{#if (eq a b)}}x{{/if}}', /SubExpression/],
    ['{{#if a includeZero=true}}x{{/if}}', /includeZero/],
  ])('refuses what it cannot reproduce: %s', (source, reason) => {
    expect(() => compileLayout(Handlebars.parse(source), true)).toThrow(NotLayable);
    expect(() => compileLayout(Handlebars.parse(source), true)).toThrow(reason);
  });
});

const RECIPIENT = { name: 'n', email: 'e', unsubscribeUrl: 'u', preferencesUrl: 'p' };
