import type { Article, Category } from '../../articles/index.js';
import { ALL, feedName } from '../../feeds/index.js';
import { categoryLinks } from './category-links.js';
import { alternateLinks, feedList } from './feeds-links.js';
import { html, raw } from './html.js';
import { layout } from './layout.js';
import { subscribeForm } from './subscribe-form.js';

export interface HomeView {
  siteUrl: string;
  siteName: string;
  language: string;
  categories: Category[];
  articles: Article[];
}

const LATEST = 5;

/** `/`: every category with its feeds and latest headlines, and the subscribe form. */
export function homePage(view: HomeView): string {
  const { siteUrl, siteName } = view;
  const sections = view.categories.map((category) => {
    const name = feedName(category);
    const latest = view.articles.filter((a) => a.category.slug === category.slug).slice(0, LATEST);
    return html`<section id="${category.slug}" aria-labelledby="${`h-${category.slug}`}">
<h2 id="${`h-${category.slug}`}">${category.name}</h2>
${feedList(name, category.name)}
<ul class="articles">${latest.map(
      (article) =>
        html`<li><a href="${`/articles/${encodeURIComponent(article.slug)}`}">${article.title}</a></li>`,
    )}</ul>
</section>`;
  });
  return layout({
    title: siteName,
    language: view.language,
    siteName,
    head: html`${alternateLinks(siteUrl, ALL, siteName)}${view.categories.map((category) =>
      alternateLinks(siteUrl, feedName(category), `${siteName}: ${category.name}`),
    )}`,
    body: html`<h1>${siteName}</h1>
<p>Follow every article, or one category, in your feed reader.</p>
<section aria-labelledby="h-all"><h2 id="h-all">Everything</h2>${feedList(ALL, 'all articles')}</section>
${categoryLinks(view.categories)}${sections.length ? sections : html`<p>No articles yet.</p>`}
<section aria-labelledby="h-subscribe"><h2 id="h-subscribe">Get the digest by email</h2>
${raw(subscribeForm(view.categories))}
<p class="hint">Already subscribed? <a href="/manage">Change your preferences</a>.</p>
</section>`,
  });
}
