import { type Article, categorySlug } from '../articles/index.js';
import { assemble } from './assemble.js';
import {
  fillCut,
  joinFilled,
  RECIPIENT_FIELDS,
  type RecipientValues,
  recipientGap,
} from './cut.js';
import { type LayoutPlan, perContent } from './layout.js';
import type { ContentCuts } from './per-content.js';
import { contentKey, digestIdOf } from './select.js';
import type { DigestSelection } from './types.js';
import type { DigestView, ViewBuilder } from './view.js';

/** The full compile a layout is held to: Handlebars, then MJML, for one content. */
export interface Reference {
  view: ViewBuilder;
  fullCompile: (selection: DigestSelection) => Promise<ContentCuts>;
}

/** Where a layout's view holds each recipient value: a gap, filled per copy. */
export const RECIPIENT_GAPS = Object.freeze(
  Object.fromEntries(RECIPIENT_FIELDS.map((field) => [field, recipientGap(field)])),
) as DigestView['recipient'];

const SAMPLE_RECIPIENT: RecipientValues = {
  name: 'Sample "Reader" & co',
  email: 'reader@example.org',
  unsubscribeUrl: 'https://example.org/unsubscribe?token=u&x=<1>',
  preferencesUrl: 'https://example.org/preferences?token=p',
};

/**
 * Proves a layout before any digest is built from it: for sample digests (every block shown,
 * then the fewest), the assembled HTML must be a full compile of the same content up to the
 * joins of Outlook's conditional comments and white space, and the text must be equal. A full
 * compile that fails is the template's error and is thrown; a layout that differs leaves the
 * template on per-content compiles, with the reason.
 */
export async function checkLayout(
  compileLayout: () => Promise<LayoutPlan>,
  reference: Reference,
): Promise<LayoutPlan> {
  const samples = sampleSelections();
  const expected = [];
  for (const selection of samples) {
    const cuts = await reference.fullCompile(selection);
    expected.push({
      html: joinFilled(fillCut(cuts.html, SAMPLE_RECIPIENT, 'html')),
      text: joinFilled(fillCut(cuts.text, SAMPLE_RECIPIENT, 'text')),
    });
  }
  const plan = await compileLayout();
  if (plan.kind !== 'layout') return plan;
  for (const [i, selection] of samples.entries()) {
    const want = expected[i] as (typeof expected)[number];
    let html: string;
    let text: string;
    try {
      const view = reference.view(selection, digestIdOf(selection.key), RECIPIENT_GAPS);
      html = joinFilled(fillCut(assemble(plan.html, view), SAMPLE_RECIPIENT, 'html'));
      text = joinFilled(fillCut(assemble(plan.text, view), SAMPLE_RECIPIENT, 'text'));
    } catch (error) {
      return perContent(`assembling a sample digest fails (${String(error)})`);
    }
    if (!sameRendering(want.html, html)) {
      return perContent(`its assembled HTML differs from a full compile of sample digest ${i + 1}`);
    }
    if (want.text !== text) {
      return perContent(`its assembled text differs from sample digest ${i + 1}`);
    }
  }
  return plan;
}

/**
 * Equal as a browser renders them: MJML joins adjacent Outlook-only comments, which a layout
 * cannot do across a block's edge (Outlook reads them the same either way); white space runs
 * collapse, and none shows next to the edge of a block-level element. Where a template keeps
 * white space verbatim, only the comments are joined.
 */
export function sameRendering(full: string, assembled: string): boolean {
  const verbatim = /<(pre|textarea)\b|white-space\s*:\s*pre/i.test(full);
  const normal = (html: string) => {
    const joined = html.replace(/<!\[endif]-->\s*<!--\[if mso \| IE]>/g, '');
    return verbatim ? joined : joined.replace(/\s+/g, ' ').replace(BLOCK_EDGE, '$1');
  };
  return normal(full) === normal(assembled);
}

const BLOCK_EDGE =
  /\s*(<\/?(?:html|head|body|div|p|h[1-6]|table|tbody|thead|tr|td|th|ul|ol|li|center|style|title|meta)\b[^>]*>)\s*/gi;

/** Two digests: every block a template is likely to have, then the fewest. */
function sampleSelections(): DigestSelection[] {
  const at = (hour: number) => new Date(Date.UTC(2024, 5, 21, hour));
  const rich = [
    sampleArticle('s1', 'Biz & <Updates>', at(9), {
      title: 'Tom & "Jerry" <b>{{title}}</b>',
      byline: 'Desk & Wire',
      summary: `A summary with <tags>, "quotes" & {{braces}}. ${'Long words. '.repeat(30)}`,
    }),
    sampleArticle('s2', 'Biz & <Updates>', at(8), { byline: '', summary: '' }),
    sampleArticle('s3', "Parks 'Green'", at(7), {}),
  ];
  // The second card of the first sample, first here: a layout keeps a card per article.
  const lean = [rich[1] as Article];
  return [
    { articles: rich, moreCount: 2, key: contentKey(rich, 2) },
    { articles: lean, moreCount: 0, key: contentKey(lean, 0) },
  ];
}

function sampleArticle(id: string, category: string, date: Date, extra: Partial<Article>): Article {
  const summary = extra.summary ?? `The summary of ${id}.`;
  return {
    id,
    slug: `sample-${id}`,
    title: `Sample headline ${id}`,
    category: { name: category, slug: categorySlug(category) },
    date,
    byline: 'Gazette staff',
    paragraphs: [summary],
    bodyHtml: '',
    summary,
    related: [],
    sourcePath: `${id}.txt`,
    ...extra,
  };
}
