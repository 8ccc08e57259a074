import { fileURLToPath } from 'node:url';
import type { Article } from '../../src/articles/index.js';
import { categorySlug } from '../../src/articles/index.js';
import {
  createDigestRenderer,
  type DigestRecipient,
  type DigestTemplates,
  loadDigestTemplates,
} from '../../src/digest/index.js';

export const siteUrl = 'https://news.example.org';
export const templatesDir = fileURLToPath(new URL('../../templates', import.meta.url));

/** An article with only what digests read; `date` is also its id's tie-breaker. */
export function article(id: string, category: string, date: string, extra: Partial<Article> = {}) {
  const title = extra.title ?? `Title ${id}`;
  return {
    id,
    slug: id,
    title,
    category: { name: category, slug: categorySlug(category) },
    date: new Date(date),
    byline: 'Gazette staff',
    paragraphs: [`Summary of ${id}.`],
    bodyHtml: `<p>Summary of ${id}.</p>`,
    summary: `Summary of ${id}.`,
    related: [],
    sourcePath: `${id}.txt`,
    ...extra,
  } satisfies Article;
}

export function recipient(n: number, name?: string): DigestRecipient {
  return {
    email: `reader${n}@example.org`,
    ...(name === undefined ? {} : { name }),
    unsubscribeUrl: `${siteUrl}/unsubscribe?token=unsub-${n}&via=mail`,
    preferencesUrl: `${siteUrl}/preferences?token=prefs-${n}`,
  };
}

export async function renderer(templates?: DigestTemplates) {
  return createDigestRenderer({
    templates: templates ?? (await loadDigestTemplates(templatesDir)),
    siteUrl,
    siteName: 'Gazette',
    timezone: 'Asia/Shanghai',
    language: 'en',
  });
}

/**
 * The shipped templates as they were before their blocks were marked: block tags stand bare
 * between MJML elements, where MJML drops them, so the layout cannot be compiled once.
 */
export async function unmarkedTemplates(): Promise<DigestTemplates> {
  const templates = await loadDigestTemplates(templatesDir);
  const mjml = templates.mjml.replace(/<mj-raw>(\{\{[#/][^}]*\}\})<\/mj-raw>/g, '$1');
  if (mjml === templates.mjml) throw new Error('digest.mjml marks no block with <mj-raw>');
  return { ...templates, mjml };
}

/** The `href` values of an HTML document, entities decoded. */
export function hrefs(html: string): string[] {
  return [...html.matchAll(/\bhref="([^"]*)"/g)].map((match) => decodeEntities(match[1] ?? ''));
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(?:39|x27);/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&amp;/g, '&');
}
