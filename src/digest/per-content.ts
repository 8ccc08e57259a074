import { randomBytes } from 'node:crypto';
import type { Article } from '../articles/index.js';
import { compileMjml } from './compile.js';
import { type Cut, type Gap, RECIPIENT_FIELDS, type RecipientField, recipientGap } from './cut.js';
import type { DigestSelection } from './types.js';
import { type DigestView, sameArticles } from './view.js';

/**
 * The way for a template whose layout cannot be compiled once: Handlebars, then MJML, for each
 * distinct content, kept in a small cache. Recipient values go in as stand-in tokens and the
 * output is cut where they appear. A token is lower-case letters and digits (no escaping, CSS
 * inlining or attribute handling changes it) around a random value chosen per renderer, so no
 * article, site name or template text can hold one by chance or on purpose.
 */
export interface PerContentOptions {
  mjml: (view: DigestView) => string;
  text: (view: DigestView) => string;
  view: (selection: DigestSelection, recipient: DigestView['recipient']) => DigestView;
  cacheSize: number;
  onCompile: () => void;
}

export interface ContentCuts {
  subject: string;
  html: Cut;
  text: Cut;
}

interface CacheEntry {
  /** What was compiled: a later selection with the same key must show the same text. */
  articles: readonly Article[];
  cuts: Promise<ContentCuts>;
}

export function createPerContent(options: PerContentOptions) {
  const nonce = randomBytes(12).toString('hex');
  const standIn = (index: number) => `gzr${nonce}n${index}z`;
  const standIns = Object.fromEntries(
    RECIPIENT_FIELDS.map((field, index) => [field, standIn(index)]),
  ) as Record<RecipientField, string>;
  const pattern = new RegExp(`gzr${nonce}n(\\d)z`, 'g');
  const cache = new Map<string, CacheEntry>();

  function cutAtStandIns(output: string): Cut {
    const chunks: string[] = [];
    const gaps: Gap[] = [];
    let last = 0;
    for (const match of output.matchAll(pattern)) {
      chunks.push(output.slice(last, match.index));
      gaps.push(recipientGap(RECIPIENT_FIELDS[Number(match[1])] as RecipientField));
      last = match.index + match[0].length;
    }
    chunks.push(output.slice(last));
    return { chunks, gaps };
  }

  async function compile(selection: DigestSelection): Promise<ContentCuts> {
    const view = options.view(selection, standIns);
    const mjml = options.mjml(view);
    const text = options.text(view);
    options.onCompile();
    const html = await compileMjml(mjml, 'digest.mjml');
    return {
      subject: view.subject,
      html: cutAtStandIns(html),
      text: cutAtStandIns(text),
    };
  }

  return {
    /** The digest's parts, compiled for this content or taken from the cache. */
    cuts(selection: DigestSelection): Promise<ContentCuts> {
      const key = selection.key;
      let entry = cache.get(key);
      if (entry) cache.delete(key); // re-inserted below: most recently used last
      if (entry && sameArticles(entry.articles, selection.articles)) {
        entry.articles = selection.articles;
      } else {
        // New content, or the same ids with an edited title or summary: compile (again).
        const fresh: CacheEntry = { articles: selection.articles, cuts: compile(selection) };
        // A failed compile is not kept: a fixed template or a retry compiles again.
        fresh.cuts.catch(() => cache.get(key) === fresh && cache.delete(key));
        entry = fresh;
      }
      cache.set(key, entry);
      if (cache.size > options.cacheSize) cache.delete(cache.keys().next().value as string);
      return entry.cuts;
    },
  };
}
