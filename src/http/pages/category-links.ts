import type { Category } from '../../articles/index.js';
import { categoryPath } from '../../discovery/index.js';
import { type Html, html } from './html.js';

/** The home page's list of category pages. */
export function categoryLinks(categories: Category[]): Html {
  if (categories.length === 0) return html``;
  return html`<nav aria-labelledby="h-categories"><h2 id="h-categories">Categories</h2>
<ul class="feeds">${categories.map(
    (category) => html`<li><a href="${categoryPath(category.slug)}">${category.name}</a></li>`,
  )}</ul></nav>
`;
}
