import type { Hono } from 'hono';
import type { SiteState } from '../../http/index.js';
import { html } from '../../http/pages/html.js';
import { type ConsoleContext, page } from './guard.js';
import { consolePage, when } from './view.js';

/** The parsed store per category (newest first), the files that failed, and every feed. */
export function articlesPage(app: Hono, ctx: ConsoleContext, site: SiteState): void {
  const { config } = ctx;
  app.get(
    '/console/articles',
    page(ctx, (c, session) => {
      const store = site.current();
      const published = site.published();
      const feeds = [...published.files.keys()]
        .filter((p) => /^\/feeds\/[^/]+\.(rss|atom|json)$/.test(p))
        .sort();
      const items = (path: string) => {
        const slug = /^\/feeds\/([^/.]+)\./.exec(path)?.[1];
        return slug === 'all'
          ? published.articles.length
          : published.articles.filter((a) => a.category.slug === slug).length;
      };
      const body = html`<h2>Files that failed to parse</h2>
${store.problems.length === 0 ? html`<p>None.</p>` : html`<ul class="problems">${store.problems.map((p) => html`<li><code>${p.path}</code> line ${p.line}: ${p.reason}</li>`)}</ul>`}
<h2>Feeds</h2>
<div class="scroll"><table><thead><tr><th scope="col">URL</th><th scope="col" class="n">Items</th></tr></thead>
<tbody>${feeds.map((p) => html`<tr><td><a href="${p}">${config.siteUrl}${p}</a></td><td class="n">${Math.min(items(p), config.feedItems)}</td></tr>`)}</tbody></table></div>
${store.categories.map((cat) => {
  const list = store.articles.filter((a) => a.category.slug === cat.slug);
  return html`<h2>${cat.name} (${list.length})</h2><ul class="articles">${list.map((a) => html`<li><a href="/articles/${a.slug}">${a.title}</a> <span class="meta">${when(a.date, config.timezone)} · ${a.sourcePath}</span></li>`)}</ul>`;
})}`;
      return c.html(consolePage({ config, csrf: session.csrf }, 'Articles and feeds', body));
    }),
  );
}
