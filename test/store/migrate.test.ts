import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, recordArticlesSeen } from '../../src/store/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';

describe.each(databases)('store on $name', ({ create }) => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.drop();
    test = undefined;
  });

  it('migrates once and is then up to date', async () => {
    test = await create();
    expect(await migrateToLatest(test.db)).toEqual([]);
  });

  it('keeps the first instant an article was seen', async () => {
    test = await create();
    const first = new Date('2024-06-21T00:00:00Z');
    const later = new Date('2024-06-22T00:00:00Z');
    await recordArticlesSeen(test.db, [{ id: 'a', categorySlug: 'news' }], first);
    const seen = await recordArticlesSeen(
      test.db,
      [
        { id: 'a', categorySlug: 'news' },
        { id: 'b', categorySlug: 'news' },
      ],
      later,
    );
    expect(seen.get('a')).toEqual(first);
    expect(seen.get('b')).toEqual(later);
  });
});
