import { afterEach, describe, expect, it } from 'vitest';
import { findDigest, findSubscriberByEmail, saveDigest } from '../../src/store/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';

describe.each(databases)('digests and subscriber lookup on $name', ({ create }) => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.drop();
    test = undefined;
  });

  const digest = {
    id: 'abc123',
    contentKey: 'abc123def456',
    subject: 'Gazette: Harbin & "friends"',
    html: '<p>web view</p>',
    articleIds: ['b', 'a'],
    siteUrl: 'https://news.example.org',
  };

  it('keeps a digest once, whoever saves it again', async () => {
    test = await create();
    const first = new Date('2024-06-21T07:00:00Z');
    expect(await saveDigest(test.db, digest, first)).toBe(true);
    expect(await saveDigest(test.db, { ...digest, html: 'other' }, new Date())).toBe(false);
    expect(await findDigest(test.db, 'abc123')).toEqual({ ...digest, createdAt: first });
    expect(await findDigest(test.db, 'missing')).toBeUndefined();
  });

  it('finds a subscriber by address, whatever the case of its domain', async () => {
    test = await create();
    const at = Date.UTC(2024, 5, 21);
    await test.db.kysely
      .insertInto('subscribers')
      .values({
        id: 's1',
        email: 'Ann@example.org',
        name: 'Ann',
        categories: '["biz-updates","industrial-parks"]',
        frequency: 'daily',
        status: 'confirmed',
        created_at: at,
        updated_at: at,
      })
      .execute();
    expect(await findSubscriberByEmail(test.db, ' Ann@EXAMPLE.org ')).toEqual({
      id: 's1',
      email: 'Ann@example.org',
      name: 'Ann',
      categories: ['biz-updates', 'industrial-parks'],
      frequency: 'daily',
      status: 'confirmed',
    });
    expect(await findSubscriberByEmail(test.db, 'ann@example.org')).toBeUndefined();
  });
});
