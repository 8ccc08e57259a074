/**
 * A compiled layout's HTML (or text) as a program of operations: Handlebars' AST reduced to what
 * digest templates need (`{{x}}`, `{{{x}}}`, `#each`, `#if`, `#unless`, `#with`, `else`,
 * `@index`, `@first`, `@last`, `@key`, `@root`, `../`). A template using more is refused with
 * `NotLayable` and compiled per content instead.
 */
export class NotLayable extends Error {
  override name = 'NotLayable';
}

export interface PathRef {
  data: boolean;
  depth: number;
  parts: string[];
  original: string;
}

export interface EachOp {
  op: 'each';
  path: PathRef;
  body: Op[];
  otherwise: Op[];
  /** An iteration that reads only its item and its position: its output is kept per item. */
  memo: {
    first: boolean;
    last: boolean;
    index: boolean;
    kept: WeakMap<object, Map<number, string>>;
  } | null;
}

export type Op =
  | string
  | { op: 'value'; path: PathRef; escape: boolean }
  | EachOp
  | { op: 'if'; path: PathRef; unless: boolean; body: Op[]; otherwise: Op[] }
  | { op: 'with'; path: PathRef; body: Op[]; otherwise: Op[] };

export type Layout = Op[];

const BLOCKS = new Set(['each', 'if', 'unless', 'with']);
const HELPERS = new Set([...BLOCKS, 'lookup', 'log', 'helperMissing', 'blockHelperMissing']);

/** `program` is parsed with `Handlebars.parse` (whitespace control applied). */
export function compileLayout(program: hbs.AST.Program, html: boolean): Layout {
  return compileBody(program, html);
}

function compileBody(program: hbs.AST.Program | undefined, html: boolean): Op[] {
  if (!program) return [];
  if (program.blockParams?.length) throw new NotLayable('block parameters (as |x|)');
  const ops: Op[] = [];
  for (const statement of program.body) {
    switch (statement.type) {
      case 'ContentStatement': {
        const { value } = statement as hbs.AST.ContentStatement;
        if (value !== '') ops.push(value);
        break;
      }
      case 'CommentStatement':
        break;
      case 'MustacheStatement': {
        const mustache = statement as hbs.AST.MustacheStatement;
        const path = plainPath(mustache.path, mustache.params, mustache.hash);
        if (path.parts.length === 1 && !path.data && HELPERS.has(path.original)) {
          throw new NotLayable(`the helper {{${path.original}}}`);
        }
        ops.push({ op: 'value', path, escape: html && mustache.escaped });
        break;
      }
      case 'BlockStatement':
        ops.push(compileBlock(statement as hbs.AST.BlockStatement, html));
        break;
      default:
        throw new NotLayable(`a ${statement.type.replace('Statement', '').toLowerCase()}`);
    }
  }
  return ops;
}

function compileBlock(block: hbs.AST.BlockStatement, html: boolean): Op {
  const helper = block.path.original;
  if (block.path.type !== 'PathExpression' || !BLOCKS.has(helper)) {
    throw new NotLayable(`the block {{#${String(helper)}}}`);
  }
  const option = block.hash?.pairs[0];
  if (option) throw new NotLayable(`the option ${option.key}= of {{#${helper}}}`);
  const param = block.params[0];
  if (block.params.length !== 1 || !param) throw new NotLayable(`{{#${helper}}} without one path`);
  const path = plainPath(param, [], block.hash);
  const body = compileBody(block.program, html);
  const otherwise = compileBody(block.inverse, html);
  if (helper === 'each') return { op: 'each', path, body, otherwise, memo: memoOf(body) };
  if (helper === 'with') return { op: 'with', path, body, otherwise };
  return { op: 'if', path, unless: helper === 'unless', body, otherwise };
}

function plainPath(
  expression: hbs.AST.Expression,
  params: hbs.AST.Expression[],
  hash: hbs.AST.Hash | undefined,
): PathRef {
  const path = expression as hbs.AST.PathExpression;
  if (path.type !== 'PathExpression') throw new NotLayable(`a ${expression.type}`);
  if (params.length > 0 || (hash?.pairs.length ?? 0) > 0) {
    throw new NotLayable(`the helper {{${path.original} ...}}`);
  }
  if (path.data && path.depth > 0) throw new NotLayable(`{{${path.original}}}`);
  return { data: path.data, depth: path.depth, parts: path.parts, original: path.original };
}

/** Kept per item only when nothing outside the item shows: no `../`, `@root` or inner loop. */
function memoOf(body: Op[]): EachOp['memo'] {
  const uses = { first: false, last: false, index: false };
  const visit = (ops: Op[]): boolean =>
    ops.every((op) => {
      if (typeof op === 'string') return true;
      if (op.op === 'each') return false;
      if (op.path.depth > 0) return false;
      if (op.path.data) {
        const name = op.path.parts[0];
        if (name === 'first' || name === 'last') uses[name] = true;
        else if (name === 'index' || name === 'key') uses.index = true;
        else return false;
      }
      return op.op === 'value' || (visit(op.body) && visit(op.otherwise));
    });
  return visit(body) ? { ...uses, kept: new WeakMap() } : null;
}
