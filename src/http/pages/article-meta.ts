import type { Article } from '../../articles/index.js';
import {
  articleDescription,
  articleImage,
  type DiscoveryOptions,
  jsonLd,
  lastChanged,
  newsArticleData,
  w3cTime,
} from '../../discovery/index.js';
import { articleUrl } from '../../feeds/index.js';
import { type Html, html, raw } from './html.js';

/**
 * What search engines and link previews read in an article page's head: the canonical URL (its
 * settled one), a description, Open Graph and Twitter card tags, and `NewsArticle` JSON-LD.
 */
export function articleMeta(article: Article, options: DiscoveryOptions): Html {
  const url = articleUrl(options.siteUrl, article);
  const description = articleDescription(article);
  const image = articleImage(article, options.siteUrl);
  const property = (name: string, content: string) =>
    html`<meta property="${name}" content="${content}">\n`;
  const named = (name: string, content: string) =>
    html`<meta name="${name}" content="${content}">\n`;
  return html`<link rel="canonical" href="${url}">
${description ? named('description', description) : ''}${property('og:type', 'article')}${property('og:url', url)}${property('og:title', article.title)}${description ? property('og:description', description) : ''}${property('og:site_name', options.siteName)}${property('og:locale', options.language.replace('-', '_'))}${image ? property('og:image', image) : ''}${property('article:published_time', w3cTime(article.date))}${property('article:modified_time', w3cTime(lastChanged(article)))}${property('article:section', article.category.name)}${named('twitter:card', image ? 'summary_large_image' : 'summary')}${named('twitter:title', article.title)}${description ? named('twitter:description', description) : ''}${image ? named('twitter:image', image) : ''}<script type="application/ld+json">${raw(jsonLd(newsArticleData(article, options)))}</script>
`;
}
