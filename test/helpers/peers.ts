import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { debianPython } from './tools.js';

const run = promisify(execFile);

/** The RFC 4287 RELAX NG schema, kept with the fixtures so a fresh clone tests on its own. */
export const atomSchema = resolve(import.meta.dirname, '../fixtures/atom.rnc');
export const jing = '/usr/bin/jing';

export interface ParsedFeed {
  bozo: number;
  bozoException: string | null;
  version: string;
  title: string;
  updated: string | null;
  links: { rel: string; href: string }[];
  entries: {
    id: string;
    title: string;
    link: string;
    summary: string;
    content: string;
    author: string | null;
    published: string | null;
    tags: string[];
  }[];
}

const script = `
import json, sys, feedparser
out = {}
for path in sys.argv[1:]:
    d = feedparser.parse(path)
    out[path] = {
        'bozo': int(d.bozo),
        'bozoException': str(d.get('bozo_exception')) if d.bozo else None,
        'version': d.version,
        'title': d.feed.get('title', ''),
        'updated': d.feed.get('updated'),
        'links': [{'rel': l.get('rel', ''), 'href': l.get('href', '')} for l in d.feed.get('links', [])],
        'entries': [{
            'id': e.get('id', ''),
            'title': e.get('title', ''),
            'link': e.get('link', ''),
            'summary': e.get('summary', ''),
            'content': ''.join(c.value for c in e.get('content', [])),
            'author': e.get('author'),
            'published': e.get('published'),
            'tags': [t.get('label') or t.get('term') for t in e.get('tags', [])],
        } for e in d.entries],
    }
print(json.dumps(out))
`;

/** Parses feed files with Debian's python3-feedparser, as a reader would. */
export async function feedparser(paths: string[]): Promise<Record<string, ParsedFeed>> {
  const { stdout } = await run(debianPython, ['-c', script, ...paths], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Record<string, ParsedFeed>;
}

/**
 * Reads a JSON Feed into the shape `feedparser` gives, for the same checks. Debian's
 * python3-feedparser (6.0.10) predates JSON Feed support, so JSON documents are read here and
 * validated against the JSON Feed 1.1 schema separately.
 */
export function readJsonFeed(text: string): ParsedFeed {
  const doc = JSON.parse(text) as Record<string, unknown> & { items: Record<string, unknown>[] };
  const str = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    bozo: 0,
    bozoException: null,
    version: str(doc.version),
    title: str(doc.title),
    updated: null,
    links: doc.next_url ? [{ rel: 'next', href: str(doc.next_url) }] : [],
    entries: doc.items.map((item) => ({
      id: str(item.id),
      title: str(item.title),
      link: str(item.url),
      summary: str(item.summary),
      content: str(item.content_html),
      author: (item.authors as { name: string }[] | undefined)?.[0]?.name ?? null,
      published: str(item.date_published) || null,
      tags: (item.tags as string[] | undefined) ?? [],
    })),
  };
}

/** Validates Atom documents against RFC 4287's schema with jing; rejects with its findings. */
export async function jingAtom(paths: string[]): Promise<void> {
  await run(jing, ['-c', atomSchema, ...paths]);
}
