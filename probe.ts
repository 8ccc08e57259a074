import { rm } from 'node:fs/promises';
import { loadArticles } from './src/articles/index.js';
import { buildFeeds, publishFeeds } from './src/feeds/index.js';
const dir = process.argv[2] ?? 'test/fixtures/hostile';
const s = await loadArticles(dir, { timezone: 'UTC' });
const b = buildFeeds(s.articles, { siteUrl: 'https://news.example.org', siteName: 'Gazette & <Co> "quoted" \u0085\uFFFE', language: 'en', feedItems: Number(process.argv[3] ?? 4) }, new Date('2025-01-01'));
await rm('/tmp/hostile-out', { recursive: true, force: true });
await publishFeeds('/tmp/hostile-out', b.documents.values());
