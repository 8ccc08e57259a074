import { describe, expect, it } from 'vitest';
import { createSubscriberRepository } from '../../src/store/index.js';
import { createPostgres } from '../helpers/db.js';

describe.runIf(process.env.GAZETTE_TEST_POSTGRES_URL)(
  'two schemas in one PostgreSQL database',
  () => {
    it('migrates the second while the first exists', async () => {
      const first = await createPostgres();
      try {
        const second = await createPostgres();
        try {
          expect(await createSubscriberRepository(second.db).list()).toEqual([]);
        } finally {
          await second.drop();
        }
      } finally {
        await first.drop();
      }
    });
  },
);
