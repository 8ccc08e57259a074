import type { FeedChannel, FeedOptions } from './types.js';
import { feedPath } from './urls.js';
import { escapeXml } from './xml.js';

/**
 * OPML 2.0 listing every feed once (its Atom document), so importing it subscribes a reader to
 * each category and to `all` without duplicates. `dateModified` is the newest item's date, so
 * the document is byte-stable between builds.
 *
 * OPML reads the head's `title` and an outline's `text` and `title` as HTML ("may contain
 * encoded HTML markup"), and the W3C validator checks them as such: a name is written as HTML
 * text (`&`, `<`, `>` escaped for HTML, then for XML), so `Gazette & <Co>` is the text shown,
 * never a `<Co>` element.
 */
export function renderOpml(feeds: FeedChannel[], options: FeedOptions): string {
  const newest = Math.max(0, ...feeds.map((feed) => feed.updated.getTime()));
  const outlines = feeds.map((feed) => {
    const xmlUrl = `${options.siteUrl}${feedPath(feed.key, 'atom')}`;
    const attributes = [
      ['type', 'rss'],
      ['text', htmlText(feed.title)],
      ['title', htmlText(feed.title)],
      ['xmlUrl', xmlUrl],
      ['htmlUrl', feed.siteLink],
    ];
    const written = attributes.map(([name, value]) => `${name}="${escapeXml(value ?? '')}"`);
    return `    <outline ${written.join(' ')}/>`;
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(htmlText(`${options.siteName} feeds`))}</title>`,
    `    <dateModified>${new Date(newest).toUTCString()}</dateModified>`,
    '  </head>',
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

/** Plain text as the HTML that shows it: only what HTML would read as markup is escaped. */
function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
