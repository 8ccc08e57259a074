import type { FeedChannel, FeedOptions } from './types.js';
import { feedPath } from './urls.js';
import { escapeXml } from './xml.js';

/**
 * OPML 2.0 listing every feed once (its Atom document), so importing it subscribes a reader to
 * each category and to `all` without duplicates. `dateModified` is the newest item's date, so
 * the document is byte-stable between builds.
 */
export function renderOpml(feeds: FeedChannel[], options: FeedOptions): string {
  const newest = Math.max(0, ...feeds.map((feed) => feed.updated.getTime()));
  const outlines = feeds.map((feed) => {
    const xmlUrl = `${options.siteUrl}${feedPath(feed.key, 'atom')}`;
    const attributes = [
      ['type', 'rss'],
      ['text', feed.title],
      ['title', feed.title],
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
    `    <title>${escapeXml(`${options.siteName} feeds`)}</title>`,
    `    <dateModified>${new Date(newest).toUTCString()}</dateModified>`,
    '  </head>',
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
