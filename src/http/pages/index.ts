export { type ArticleView, articlePage } from './article.js';
export { type CategoryView, categoryPage } from './category.js';
export { type HomeView, homePage } from './home.js';
export { Html, html, raw } from './html.js';
export { layout, type Page } from './layout.js';
