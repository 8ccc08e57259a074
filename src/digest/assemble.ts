import Handlebars from 'handlebars';
import { type Cut, type Gap, isRecipientGap } from './cut.js';
import type { EachOp, Layout, Op, PathRef } from './layout-ops.js';

/**
 * Fills a compiled layout with a digest's data, as Handlebars would, but into a `Cut`: the
 * layout's text stays the same string objects in every digest and each value sits in a gap of
 * its own. An `#each` iteration that reads only its item is kept per item and position, so an
 * article's card is one string wherever it appears.
 */
/** Contexts as Handlebars keeps them: a new one only when a block changes `this`. */
interface Scope {
  context: unknown;
  parent: Scope | null;
}
type Data = Record<string, unknown>;

export function assemble(layout: Layout, view: object): Cut {
  const out = new Output();
  run(layout, { context: view, parent: null }, { root: view }, out);
  return out.cut();
}

function run(ops: Op[], scope: Scope, data: Data, out: Output): void {
  for (const op of ops) {
    if (typeof op === 'string') {
      out.text(op);
      continue;
    }
    switch (op.op) {
      case 'value': {
        const value = lookup(op.path, scope, data, true);
        if (isRecipientGap(value)) out.gap(value);
        else if (op.escape) out.gap(Handlebars.escapeExpression(value as string));
        else out.gap(value == null ? '' : String(value));
        break;
      }
      case 'if': {
        const value = lookup(op.path, scope, data, false);
        const truthy = Boolean(value) && !(Array.isArray(value) && value.length === 0);
        run(truthy !== op.unless ? op.body : op.otherwise, scope, data, out);
        break;
      }
      case 'with': {
        const value = lookup(op.path, scope, data, false);
        if (isEmpty(value)) run(op.otherwise, scope, data, out);
        else run(op.body, enter(scope, value), data, out);
        break;
      }
      case 'each':
        each(op, scope, data, out);
        break;
    }
  }
}

function each(op: EachOp, scope: Scope, data: Data, out: Output): void {
  const target = lookup(op.path, scope, data, false);
  const entries: [string | number, unknown][] = [];
  if (target && typeof target === 'object') {
    if (Array.isArray(target)) {
      for (const [i, item] of target.entries()) entries.push([i, item]);
    } else if (Symbol.iterator in target) {
      for (const item of target as Iterable<unknown>) entries.push([entries.length, item]);
    } else {
      for (const key of Object.keys(target)) entries.push([key, (target as Data)[key]]);
    }
  }
  if (entries.length === 0) {
    run(op.otherwise, scope, data, out);
    return;
  }
  const frame: Data = { ...data, _parent: data };
  entries.forEach(([key, item], index) => {
    frame.key = key;
    frame.index = index;
    frame.first = index === 0;
    frame.last = index === entries.length - 1;
    const memo = op.memo;
    if (!memo || typeof item !== 'object' || item === null) {
      run(op.body, enter(scope, item), frame, out);
      return;
    }
    const variant =
      (memo.first && index === 0 ? 1 : 0) +
      (memo.last && index === entries.length - 1 ? 2 : 0) +
      (memo.index ? (index + 1) * 4 : 0);
    let kept = memo.kept.get(item);
    const hit = kept?.get(variant);
    if (hit !== undefined) {
      out.text(hit);
      return;
    }
    const own = new Output();
    run(op.body, enter(scope, item), frame, own);
    const joined = own.joined();
    if (joined === null) {
      out.append(own);
      return;
    }
    if (!kept) {
      kept = new Map();
      memo.kept.set(item, kept);
    }
    kept.set(variant, joined);
    out.text(joined);
  });
}

function enter(scope: Scope, context: unknown): Scope {
  return context === scope.context ? scope : { context, parent: scope };
}

function isEmpty(value: unknown): boolean {
  return (!value && value !== 0) || (Array.isArray(value) && value.length === 0);
}

/**
 * As Handlebars' strict mode: a printed name must exist (a misspelt field is an error, not a
 * blank); a block's argument may be missing. Inherited properties read as missing.
 */
function lookup(path: PathRef, scope: Scope, data: Data, strict: boolean): unknown {
  let value: unknown;
  if (path.data) value = data;
  else {
    let at: Scope | null = scope;
    for (let i = 0; i < path.depth && at; i++) at = at.parent;
    value = at?.context;
  }
  const { parts } = path;
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i] as string;
    const terminal = i === parts.length - 1;
    if (
      value === null ||
      value === undefined ||
      (strict && terminal && typeof value !== 'object')
    ) {
      throw new LayoutLookupError(name, path.original);
    }
    if (strict && terminal && !(name in (value as object))) {
      throw new LayoutLookupError(name, path.original);
    }
    const next = (value as Data)[name];
    value = next == null || Object.hasOwn(value as object, name) ? next : undefined;
  }
  return value;
}

/** The message Handlebars gives, so an edited template fails the same way in both modes. */
export class LayoutLookupError extends Error {
  constructor(name: string, path: string) {
    super(`"${name}" not defined in {{${path}}}`);
    this.name = 'LayoutLookupError';
  }
}

class Output {
  private chunks: string[] = [''];
  private gaps: Gap[] = [];

  text(text: string): void {
    if (text === '') return;
    const last = this.chunks.length - 1;
    if (this.chunks[last] === '') this.chunks[last] = text;
    else {
      // Two chunks in a row stay two strings: joining them would make a new one per digest.
      this.gaps.push('');
      this.chunks.push(text);
    }
  }

  gap(gap: Gap): void {
    this.gaps.push(gap);
    this.chunks.push('');
  }

  append(other: Output): void {
    this.text(other.chunks[0] as string);
    other.gaps.forEach((gap, i) => {
      this.gap(gap);
      this.text(other.chunks[i + 1] as string);
    });
  }

  /** The whole text, or null when it holds a recipient's gap. */
  joined(): string | null {
    let out = this.chunks[0] as string;
    for (let i = 0; i < this.gaps.length; i++) {
      const gap = this.gaps[i];
      if (typeof gap !== 'string') return null;
      out += gap + (this.chunks[i + 1] as string);
    }
    return out;
  }

  cut(): Cut {
    return { chunks: this.chunks, gaps: this.gaps };
  }
}
