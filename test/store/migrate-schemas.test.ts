import pg from 'pg';
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

    it('migrates while other schemas come and go', async () => {
      const url = process.env.GAZETTE_TEST_POSTGRES_URL ?? '';
      const churn = new pg.Client({ connectionString: url });
      await churn.connect();
      let churning = true;
      const others = (async () => {
        for (let i = 0; churning; i++) {
          const name = `churn_${process.pid}_${i}`;
          await churn.query(`create schema "${name}"`);
          await churn.query(`create table "${name}".t (id int)`);
          await churn.query(`drop schema "${name}" cascade`);
        }
      })();
      try {
        for (let i = 0; i < 8; i++) {
          const test = await createPostgres();
          await test.drop();
        }
      } finally {
        churning = false;
        await others;
        await churn.end();
      }
    });
  },
);
