import type { Article, Category } from '../../articles/index.js';
import { categoryPath, collectionPageData, jsonLd } from '../../discovery/index.js';
import { articleUrl, feedName } from '../../feeds/index.js';
import { alternateLinks, feedList } from './feeds-links.js';
import { html, raw } from './html.js';
import { layout } from './layout.js';

export interface CategoryView {
  siteUrl: string;
  siteName: string;
  language: string;
  timezone: string;
  category: Category;
  /** The category's published articles, newest first. */
  articles: Article[];
}

/** Articles listed on a category page; older ones are in its feeds' archives and the sitemaps. */
export const CATEGORY_PAGE_ARTICLES = 100;

/** `/categories/{slug}`: a category's latest articles, its feeds and `CollectionPage` data. */
export function categoryPage(view: CategoryView): string {
  const { siteUrl, siteName, category } = view;
  const name = feedName(category);
  const shown = view.articles.slice(0, CATEGORY_PAGE_ARTICLES);
  const day = new Intl.DateTimeFormat(view.language, {
    dateStyle: 'medium',
    timeZone: view.timezone,
  });
  const data = collectionPageData(category, shown, view);
  return layout({
    title: `${category.name} – ${siteName}`,
    language: view.language,
    siteName,
    head: html`<link rel="canonical" href="${`${siteUrl}${categoryPath(category.slug)}`}">
${alternateLinks(siteUrl, name, `${siteName}: ${category.name}`)}<script type="application/ld+json">${raw(jsonLd(data))}</script>
`,
    body: html`<h1>${category.name}</h1>
${feedList(name, category.name)}
<ul class="articles">${shown.map(
      (article) =>
        html`<li><a href="${articleUrl(siteUrl, article)}">${article.title}</a> <time class="meta" datetime="${article.date.toISOString()}">${day.format(article.date)}</time></li>`,
    )}</ul>`,
  });
}
