import { type Article, absoluteUrls } from '../../articles/index.js';
import { categoryPath } from '../../discovery/index.js';
import { articleUrl, feedName } from '../../feeds/index.js';
import { articleMeta } from './article-meta.js';
import { alternateLinks, feedList } from './feeds-links.js';
import { html, raw } from './html.js';
import { layout } from './layout.js';

export interface ArticleView {
  siteUrl: string;
  siteName: string;
  language: string;
  timezone: string;
  article: Article;
  /** The publisher's logo in the structured data (`GAZETTE_PUBLISHER_LOGO`). */
  publisherLogo?: string | undefined;
}

/** `/articles/{slug}`: the feeds' item links. Related teasers stay apart from the body. */
export function articlePage(view: ArticleView): string {
  const { article, siteUrl, siteName } = view;
  const name = feedName(article.category);
  const feedTitle = `${siteName}: ${article.category.name}`;
  const date = new Intl.DateTimeFormat(view.language, {
    dateStyle: 'long',
    timeZone: view.timezone,
  }).format(article.date);
  return layout({
    title: `${article.title} – ${siteName}`,
    language: view.language,
    siteName,
    head: html`${alternateLinks(siteUrl, name, feedTitle)}${articleMeta(article, {
      siteUrl,
      siteName,
      language: view.language,
      publisherLogo: view.publisherLogo,
    })}`,
    body: html`<article>
<p class="meta"><a href="${categoryPath(article.category.slug)}">${article.category.name}</a></p>
<h1>${article.title}</h1>
<p class="meta"><time datetime="${article.date.toISOString()}">${date}</time>${
      article.byline ? html` · By ${article.byline}` : ''
    }</p>
<div class="body">
${raw(absoluteUrls(article.bodyHtml, articleUrl(siteUrl, article)))}
</div>
</article>
${
  article.related.length
    ? html`<aside aria-labelledby="related"><h2 id="related">Related</h2><ul>${article.related.map(
        (teaser) => html`<li><strong>${teaser.headline}</strong><br>${teaser.blurb}</li>`,
      )}</ul></aside>`
    : ''
}
<p>Follow ${article.category.name}:</p>
${feedList(name, article.category.name)}`,
  });
}
