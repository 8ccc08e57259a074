import Handlebars from 'handlebars';
import { compileMjml, DigestTemplateError } from './compile.js';
import { compileLayout, type Layout, NotLayable } from './layout-ops.js';

/**
 * MJML run once over the template itself, its Handlebars tags left in: the HTML it produces is
 * the layout every digest is assembled from. MJML keeps a `{{ }}` tag where it stands in text and
 * attributes, but drops a bare block tag (`{{#each sections}}`) between MJML elements, so a
 * template marks its blocks there with `<mj-raw>{{#each sections}}</mj-raw>`. A template that
 * does not (or that MJML cannot compile with its tags in) is reported, not guessed at.
 */
export type LayoutPlan =
  | { kind: 'layout'; html: Layout; text: Layout }
  | { kind: 'per-content'; reason: string };

export async function compileTemplateLayout(
  mjmlSource: string,
  textSource: string,
): Promise<LayoutPlan> {
  let html: string;
  try {
    html = await compileMjml(withoutComments(mjmlSource), 'digest.mjml');
  } catch (error) {
    const reason = error instanceof DigestTemplateError ? error.reason : String(error);
    return perContent(`MJML does not compile it with its {{ }} tags left in (${reason})`);
  }
  const dropped = droppedBlocks(mjmlSource, html);
  if (dropped.length > 0) {
    return perContent(
      `MJML dropped ${dropped.join(', ')}: a block tag between MJML elements belongs in <mj-raw>`,
    );
  }
  try {
    return {
      kind: 'layout',
      html: compileLayout(Handlebars.parse(html), true),
      text: compileLayout(Handlebars.parse(textSource), false),
    };
  } catch (error) {
    if (error instanceof NotLayable) return perContent(`it uses ${error.message}`);
    return perContent(`its compiled HTML is not a template (${String(error)})`);
  }
}

export function perContent(reason: string): LayoutPlan {
  return { kind: 'per-content', reason };
}

/** Handlebars comments may hold anything, MJML tags included: they go before MJML sees them. */
function withoutComments(source: string): string {
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const offset = (at: hbs.AST.Position) => (lineStarts[at.line - 1] ?? 0) + at.column;
  const comments: hbs.AST.Node[] = [];
  const collect = (program: hbs.AST.Program | undefined) => {
    for (const statement of program?.body ?? []) {
      if (statement.type === 'CommentStatement') comments.push(statement);
      const block = statement as Partial<hbs.AST.BlockStatement>;
      collect(block.program);
      collect(block.inverse);
    }
  };
  collect(Handlebars.parseWithoutProcessing(source));
  comments.sort((a, b) => offset(a.loc.start) - offset(b.loc.start));
  let out = source;
  for (const comment of comments.reverse()) {
    out = out.slice(0, offset(comment.loc.start)) + out.slice(offset(comment.loc.end));
  }
  return out;
}

/** The block tags of the template that did not come through MJML, as `{{#each sections}}`. */
function droppedBlocks(source: string, compiled: string): string[] {
  let left: Map<string, number>;
  try {
    left = blocksOf(Handlebars.parse(compiled));
  } catch {
    left = new Map();
  }
  const dropped: string[] = [];
  for (const [block, count] of blocksOf(Handlebars.parse(source))) {
    if ((left.get(block) ?? 0) < count) dropped.push(block);
  }
  return dropped;
}

function blocksOf(program: hbs.AST.Program, found = new Map<string, number>()) {
  for (const statement of program.body) {
    if (statement.type !== 'BlockStatement') continue;
    const block = statement as hbs.AST.BlockStatement;
    const params = block.params.map((param) => ` ${(param as hbs.AST.PathExpression).original}`);
    const name = `{{#${block.path.original}${params.join('')}}}`;
    found.set(name, (found.get(name) ?? 0) + 1);
    if (block.program) blocksOf(block.program, found);
    if (block.inverse) blocksOf(block.inverse, found);
  }
  return found;
}
