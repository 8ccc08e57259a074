import { describe, expect, it } from 'vitest';
import { composeOneOff, joinFilled } from '../../src/send/index.js';
import { databases } from '../helpers/db.js';
import { freshDatabaseAndSmtp, sendDeps } from '../helpers/send-deps.js';
import { seedSubscribers, type TestArticle, testDigest } from '../helpers/send-fixtures.js';

const seenAt = new Date('2024-06-20T00:00:00Z');
const articles: TestArticle[] = [
  { id: 'b1', title: 'Port reopens', category: 'biz', seenAt },
  { id: 'p1', title: 'New park', category: 'parks', seenAt },
];

describe.each(databases)('one message outside any run on $name', ({ create }) => {
  const fixture = freshDatabaseAndSmtp(create);

  it('a subscriber gets their own digest, narrowed as the run would; anyone else a first digest', async () => {
    await seedSubscribers(fixture.test.db, 2, {
      categories: (i) => (i === 0 ? ['parks'] : []),
      email: (i) => (i === 0 ? 'Park.Reader@example.org' : `user${i}@example.org`),
    });
    const deps = sendDeps(
      fixture.test,
      fixture.smtp,
      testDigest(() => articles),
    );
    try {
      const oneOff = async (email: string, categories: string[]) => {
        const composed = await composeOneOff(deps, { frequency: 'daily', categories }, email);
        if (!composed) return null;
        return {
          to: composed.message.to,
          known: composed.known,
          text: joinFilled(composed.message.text),
        };
      };
      const own = await oneOff('park.reader@EXAMPLE.org', []);
      expect(own).toMatchObject({ to: 'Park.Reader@example.org', known: true });
      expect(own?.text).toContain('[p1]');
      expect(own?.text).not.toContain('[b1]');
      // A run for biz only is not for them: nothing, not someone else's digest.
      expect(await oneOff('park.reader@example.org', ['biz'])).toBeNull();
      const stranger = await oneOff('new@example.org', ['biz']);
      expect(stranger).toMatchObject({ to: 'new@example.org', known: false });
      expect(stranger?.text).toContain('[b1]');
      expect(stranger?.text).not.toContain('[p1]');
      expect(await fixture.test.db.kysely.selectFrom('send_runs').selectAll().execute()).toEqual(
        [],
      );
    } finally {
      await deps.close();
    }
  });
});
