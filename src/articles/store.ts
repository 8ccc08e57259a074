import { categoryKey, categorySlug } from './category.js';
import { slugWithId } from './slug.js';
import type {
  Article,
  ArticleProblem,
  ArticleStore,
  ArticleWarning,
  Category,
  ParseResult,
} from './types.js';

/**
 * Parsed files to a store, newest first: one category per name key (`categoryKey`), shown with
 * its most used spelling, and article slugs made unique without a counter: the oldest article
 * keeps a shared slug, each other one gets a digest of its id (`slugWithId`). Where URLs are
 * settled in a store (`settleArticles`), those win over these.
 */
export function assembleStore(results: ParseResult[]): ArticleStore {
  const parsed: Article[] = [];
  const problems: ArticleProblem[] = [];
  const warnings: ArticleWarning[] = [];
  for (const result of results) {
    if (result.ok) {
      parsed.push(result.article);
      if (result.warnings) warnings.push(...result.warnings);
    } else problems.push(result.problem);
  }
  const byPlace = (a: ArticleProblem | ArticleWarning, b: ArticleProblem | ArticleWarning) =>
    compareText(a.path, b.path) || a.line - b.line;
  problems.sort(byPlace);
  warnings.sort(byPlace);

  const categories = canonicalCategories(parsed);
  const oldestFirst = [...parsed].sort(
    (a, b) => a.date.getTime() - b.date.getTime() || compareText(a.id, b.id),
  );
  const taken = new Set<string>();
  const articles = oldestFirst
    .map((article) => {
      let slug = article.slug;
      for (let attempt = 1; taken.has(slug); attempt++)
        slug = slugWithId(article.slug, article.id, attempt);
      taken.add(slug);
      const category = categories.get(categoryKey(article.category.name)) as Category;
      return slug === article.slug && category === article.category
        ? article
        : { ...article, slug, category };
    })
    .reverse();

  return {
    articles,
    categories: [...new Set(categories.values())].sort(
      (a, b) => a.name.localeCompare(b.name) || compareText(a.slug, b.slug),
    ),
    problems,
    warnings,
  };
}

/** The articles whose date has come: a future-dated article waits for its date. */
export function publishedAt(articles: Article[], now: Date): Article[] {
  const at = now.getTime();
  return articles.filter((article) => article.date.getTime() <= at);
}

/**
 * One category per key, named by its most used spelling (ties: the first in code point order,
 * so the name never depends on which file was read first).
 */
function canonicalCategories(articles: Article[]): Map<string, Category> {
  const spellings = new Map<string, Map<string, number>>();
  for (const { category } of articles) {
    const key = categoryKey(category.name);
    const counts = spellings.get(key) ?? new Map<string, number>();
    counts.set(category.name, (counts.get(category.name) ?? 0) + 1);
    spellings.set(key, counts);
  }
  const result = new Map<string, Category>();
  const keysBySlug = new Map<string, string[]>();
  for (const [key, counts] of spellings) {
    const [name] = [...counts].sort(([a, m], [b, n]) => n - m || compareText(a, b))[0] ?? [''];
    const slug = categorySlug(name);
    result.set(key, { name, slug });
    keysBySlug.set(slug, [...(keysBySlug.get(slug) ?? []), key]);
  }
  // Two keys on one 8-digit digest (about 1 in 4 billion for a pair): both get a longer one.
  for (const keys of keysBySlug.values()) {
    if (keys.length < 2) continue;
    for (const key of keys) {
      const category = result.get(key) as Category;
      result.set(key, { ...category, slug: categorySlug(category.name, 16) });
    }
  }
  // The parsed articles' own categories are replaced by these, each one object per key.
  return result;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
