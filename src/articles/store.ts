import { uniqueSlugs } from './slug.js';
import type { Article, ArticleProblem, ArticleStore, Category, ParseResult } from './types.js';

/**
 * Parsed files to a store: one display name per category slug (the most used spelling), slugs
 * made unique (older articles keep theirs; a newer clash gets a suffix), newest first.
 */
export function assembleStore(results: ParseResult[]): ArticleStore {
  const parsed: Article[] = [];
  const problems: ArticleProblem[] = [];
  for (const result of results) {
    if (result.ok) parsed.push(result.article);
    else problems.push(result.problem);
  }
  problems.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);

  const categories = canonicalCategories(parsed);
  const oldestFirst = [...parsed].sort(
    (a, b) => a.date.getTime() - b.date.getTime() || compareIds(a, b),
  );
  const slugs = uniqueSlugs(oldestFirst.map((article) => article.slug));
  const articles = oldestFirst
    .map((article, index) => ({
      ...article,
      slug: slugs[index] as string,
      category: categories.get(article.category.slug) as Category,
    }))
    .reverse();

  return {
    articles,
    categories: [...categories.values()].sort((a, b) => a.name.localeCompare(b.name)),
    problems,
  };
}

/** The articles whose date has come: a future-dated article waits for its date. */
export function publishedAt(articles: Article[], now: Date): Article[] {
  const at = now.getTime();
  return articles.filter((article) => article.date.getTime() <= at);
}

function canonicalCategories(articles: Article[]): Map<string, Category> {
  const spellings = new Map<string, Map<string, number>>();
  for (const { category } of [...articles].sort(compareIds)) {
    const counts = spellings.get(category.slug) ?? new Map<string, number>();
    counts.set(category.name, (counts.get(category.name) ?? 0) + 1);
    spellings.set(category.slug, counts);
  }
  const result = new Map<string, Category>();
  for (const [slug, counts] of spellings) {
    let best = '';
    let bestCount = 0;
    for (const [name, count] of counts) {
      if (count > bestCount) {
        best = name;
        bestCount = count;
      }
    }
    result.set(slug, { name: best, slug });
  }
  return result;
}

function compareIds(a: Article, b: Article): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
