import { type Article, absoluteUrls, type Category } from '../articles/index.js';
import { articleUrl } from '../feeds/index.js';
import type { DiscoveryOptions } from './types.js';
import { categoryPath, lastChanged, w3cTime } from './urls.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * An article's image for previews and structured data: the first image of its body, as an
 * absolute http(s) URL (the body is already sanitised: only http, https and relative sources).
 */
export function articleImage(article: Article, siteUrl: string): string | undefined {
  const body = absoluteUrls(article.bodyHtml, articleUrl(siteUrl, article));
  const src = /<img\b[^>]*?\ssrc="([^"]+)"/i.exec(body)?.[1];
  if (!src) return undefined;
  const url = src
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<');
  return /^https?:\/\//i.test(url) ? url : undefined;
}

/** A one-paragraph description: the summary, else the body's first paragraph, cut at 300. */
export function articleDescription(article: Article): string {
  const text = (article.summary || article.paragraphs[0] || '').replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 299).trimEnd()}…` : text;
}

function publisher(options: DiscoveryOptions): Json {
  const logo = options.publisherLogo;
  return {
    '@type': 'Organization',
    name: options.siteName,
    url: `${options.siteUrl}/`,
    ...(logo
      ? {
          logo: {
            '@type': 'ImageObject',
            url: logo.startsWith('/') ? `${options.siteUrl}${logo}` : logo,
          },
        }
      : {}),
  };
}

/**
 * schema.org `NewsArticle` with the properties Google's Article guidelines recommend
 * (headline, image, datePublished, dateModified, author with its name) and the rest a news
 * page has: publisher, section, language, the page it is the main entity of.
 */
export function newsArticleData(article: Article, options: DiscoveryOptions): Json {
  const url = articleUrl(options.siteUrl, article);
  const image = articleImage(article, options.siteUrl);
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    description: articleDescription(article),
    ...(image ? { image: [image] } : {}),
    datePublished: w3cTime(article.date),
    dateModified: w3cTime(lastChanged(article)),
    author: article.byline
      ? [{ '@type': 'Person', name: article.byline }]
      : [{ '@type': 'Organization', name: options.siteName, url: `${options.siteUrl}/` }],
    publisher: publisher(options),
    articleSection: article.category.name,
    inLanguage: options.language,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
  };
}

/** schema.org `CollectionPage` of a category's page, listing the articles it shows. */
export function collectionPageData(
  category: Category,
  articles: Article[],
  options: DiscoveryOptions,
): Json {
  const url = `${options.siteUrl}${categoryPath(category.slug)}`;
  return {
    '@context': 'https://schema.org',
    '@type': 'CollectionPage',
    '@id': url,
    url,
    name: `${category.name} – ${options.siteName}`,
    inLanguage: options.language,
    isPartOf: { '@type': 'WebSite', name: options.siteName, url: `${options.siteUrl}/` },
    mainEntity: {
      '@type': 'ItemList',
      itemListElement: articles.map((article, index) => ({
        '@type': 'ListItem',
        position: index + 1,
        url: articleUrl(options.siteUrl, article),
        name: article.title,
      })),
    },
  };
}

/**
 * JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` written as `\u` escapes, so
 * no text in it (`</script>`, `<!--`) can end the script early, and U+2028/U+2029 likewise.
 */
export function jsonLd(data: Json): string {
  return JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
