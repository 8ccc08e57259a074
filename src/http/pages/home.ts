import type { Article, Category } from '../../articles/index.js';
import { ALL, feedName } from '../../feeds/index.js';
import { categoryLinks } from './category-links.js';
import { alternateLinks, feedList } from './feeds-links.js';
import { html, raw } from './html.js';
import { layout } from './layout.js';
import { subscribeForm } from './subscribe-form.js';
import { dateFormat, dateOf, excerpt, teaser } from './teaser.js';

export interface HomeView {
  siteUrl: string;
  siteName: string;
  language: string;
  timezone: string;
  categories: Category[];
  articles: Article[];
}

const PER_CATEGORY = 4;
const LATEST = 4;

/**
 * `/`: the way to subscribe first, then the latest articles (the newest as the lead), then each
 * category's newest with its feeds, then the feeds of everything.
 */
export function homePage(view: HomeView): string {
  const { siteUrl, siteName } = view;
  const format = dateFormat(view.language, view.timezone);
  const [lead, ...next] = view.articles;
  const sections = view.categories.map((category) => {
    const name = feedName(category);
    const latest = view.articles
      .filter((a) => a.category.slug === category.slug)
      .slice(0, PER_CATEGORY);
    return html`<section id="${category.slug}" aria-labelledby="${`h-${category.slug}`}">
<div class="section-head"><h2 id="${`h-${category.slug}`}">${category.name}</h2>${feedList(name, category.name)}</div>
<div class="grid two">${latest.map((article) => teaser(article, format))}</div>
</section>`;
  });
  const latest = lead
    ? html`<section id="latest" aria-labelledby="h-latest">
<div class="section-head"><h2 id="h-latest">Latest</h2></div>
<div class="latest">
<article class="lead">
<p class="kicker"><a href="${`/#${lead.category.slug}`}">${lead.category.name}</a></p>
<h2><a href="${`/articles/${encodeURIComponent(lead.slug)}`}">${lead.title}</a></h2>
<p class="meta">${dateOf(lead, format)}${lead.byline ? html` · ${lead.byline}` : ''}</p>
${lead.summary ? html`<p class="summary">${excerpt(lead.summary, 360)}</p>` : ''}
</article>
<div>${next.slice(0, LATEST - 1).map((article) => teaser(article, format, { kicker: true }))}</div>
</div>
</section>`
    : html`<section id="latest"><h2>Latest</h2><p>No articles yet: they appear here as soon as they are published.</p></section>`;
  return layout({
    title: siteName,
    description: `The latest from ${siteName}, on the web, in your feed reader, or by email.`,
    language: view.language,
    siteName,
    wide: true,
    head: html`${alternateLinks(siteUrl, ALL, siteName)}${view.categories.map((category) =>
      alternateLinks(siteUrl, feedName(category), `${siteName}: ${category.name}`),
    )}`,
    body: html`<section class="hero" aria-labelledby="h-subscribe">
<div class="intro">
<h1 id="h-subscribe">The news you follow, in your inbox</h1>
<p class="lede">A daily or weekly digest of what is new on ${siteName}: every category, or only those you choose.</p>
</div>
<div>
${raw(subscribeForm(view.categories, { compact: true, siteZone: view.timezone }))}
<p class="hint">Already subscribed? <a href="/manage">Change your preferences</a>.</p>
</div>
</section>
${latest}
${sections}
${categoryLinks(view.categories)}
<section id="feeds" aria-labelledby="h-feeds">
<div class="section-head"><h2 id="h-feeds">Follow in a feed reader</h2></div>
<p>Every article, or one category, as RSS, Atom or JSON Feed. Everything:</p>
${feedList(ALL, 'all articles')}
<p class="hint"><a href="/feeds.opml">All feeds as OPML</a>, to import into a reader at once.</p>
</section>`,
  });
}
