import { type Article, absoluteUrls } from '../../articles/index.js';
import { categoryPath } from '../../discovery/index.js';
import { articleUrl, feedName } from '../../feeds/index.js';
import { articleMeta } from './article-meta.js';
import { alternateLinks, feedList } from './feeds-links.js';
import { type Html, html, raw } from './html.js';
import { layout } from './layout.js';
import { subscribeForm } from './subscribe-form.js';
import { articlePath, dateFormat, dateOf, excerpt, readingMinutes, teaser } from './teaser.js';

export interface ArticleView {
  siteUrl: string;
  siteName: string;
  language: string;
  timezone: string;
  article: Article;
  /** What is published now: related teasers link to the articles they name, if there. */
  published?: readonly Article[];
  /** The publisher's logo in the structured data (`GAZETTE_PUBLISHER_LOGO`). */
  publisherLogo?: string | undefined;
}

const MORE = 3;

/**
 * `/articles/{slug}`: the feeds' item links. The story (category, headline, date, byline,
 * reading time, body), a way to subscribe, related teasers apart from the body, and more of the
 * same category.
 */
export function articlePage(view: ArticleView): string {
  const { article, siteUrl, siteName } = view;
  const published = view.published ?? [];
  const name = feedName(article.category);
  const feedTitle = `${siteName}: ${article.category.name}`;
  const format = dateFormat(view.language, view.timezone);
  const minutes = readingMinutes(article);
  const more = published
    .filter((other) => other.category.slug === article.category.slug && other.id !== article.id)
    .slice(0, MORE);
  return layout({
    title: `${article.title} – ${siteName}`,
    description: excerpt(article.summary, 200),
    language: view.language,
    siteName,
    head: html`${alternateLinks(siteUrl, name, feedTitle)}${articleMeta(article, {
      siteUrl,
      siteName,
      language: view.language,
      publisherLogo: view.publisherLogo,
    })}`,
    body: html`<article class="story">
<p class="kicker"><a href="${categoryPath(article.category.slug)}">${article.category.name}</a></p>
<h1>${article.title}</h1>
<p class="meta">${article.byline ? html`By ${article.byline} · ` : ''}${dateOf(article, format)} · ${minutes} min read</p>
<div class="body">
${raw(absoluteUrls(article.bodyHtml, articleUrl(siteUrl, article)))}
</div>
</article>
<section class="cta" aria-labelledby="h-cta">
<h2 id="h-cta">Get ${article.category.name} and more by email</h2>
<p>New articles from ${siteName} in a daily or weekly digest. Choose your categories; leave in one click.</p>
${raw(subscribeForm([article.category, ...otherCategories(published, article)], { compact: true, siteZone: view.timezone }))}
</section>
${relatedList(article, published)}
${
  more.length > 0
    ? html`<section class="more" aria-labelledby="h-more"><h2 id="h-more">More in ${article.category.name}</h2>${more.map((other) => teaser(other, format))}</section>`
    : ''
}
<p class="hint">Follow ${article.category.name} in a feed reader:</p>
${feedList(name, article.category.name)}`,
  });
}

/** The categories of what is published, this article's first: for the form's choices. */
function otherCategories(published: readonly Article[], article: Article) {
  const seen = new Map(published.map((a) => [a.category.slug, a.category]));
  seen.delete(article.category.slug);
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The file's related-story teasers. One whose headline is the title of a published article
 * links to it; the others stay text, as the file gives them.
 */
function relatedList(article: Article, published: readonly Article[]): Html | '' {
  if (article.related.length === 0) return '';
  const byTitle = new Map(published.map((a) => [titleKey(a.title), a]));
  return html`<aside aria-labelledby="related"><h2 id="related">Related</h2><ul class="related">${article.related.map(
    (teaser) => {
      const found = byTitle.get(titleKey(teaser.headline));
      const headline = found
        ? html`<a class="headline" href="${articlePath(found)}">${teaser.headline}</a>`
        : html`<span class="headline">${teaser.headline}</span>`;
      return html`<li>${headline}${teaser.blurb}</li>`;
    },
  )}</ul></aside>`;
}

/** Headlines match whatever their case, spacing or Unicode form. */
function titleKey(title: string): string {
  return title.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}
