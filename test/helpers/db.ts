import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Db, migrateToLatest, openDatabase } from '../../src/store/index.js';
import { inCI } from './tools.js';

export interface TestDatabase {
  /** The URL a child process can use (`GAZETTE_DATABASE_URL`). */
  url: string;
  db: Db;
  /** Closes the connection and deletes the database. */
  drop(): Promise<void>;
}

const postgresUrl = process.env.GAZETTE_TEST_POSTGRES_URL;
if (!postgresUrl && inCI) {
  throw new Error('GAZETTE_TEST_POSTGRES_URL is not set: CI must test PostgreSQL');
}
if (!postgresUrl && !process.env.GAZETTE_TEST_PEERS_REPORTED)
  console.warn('skipping PostgreSQL tests: GAZETTE_TEST_POSTGRES_URL is not set');

/**
 * The databases every store test runs on: SQLite always, PostgreSQL where
 * `GAZETTE_TEST_POSTGRES_URL` is set (required in CI). Use with `describe.each(databases)`.
 */
export const databases: { name: 'sqlite' | 'postgres'; create: () => Promise<TestDatabase> }[] = [
  { name: 'sqlite', create: createSqlite },
  ...(postgresUrl ? [{ name: 'postgres' as const, create: createPostgres }] : []),
];

/** A fresh, migrated SQLite database in a temporary folder. */
export async function createSqlite(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-db-'));
  const url = `sqlite:${join(dir, 'gazette.db')}`;
  const db = await openDatabase(url);
  await migrateToLatest(db);
  return {
    url,
    db,
    drop: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh, migrated PostgreSQL schema, dropped afterwards. */
export async function createPostgres(): Promise<TestDatabase> {
  if (!postgresUrl) throw new Error('GAZETTE_TEST_POSTGRES_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = withSchema(postgresUrl, schema);
  const db = await openDatabase(url);
  await migrateToLatest(db);
  return {
    url,
    db,
    drop: async () => {
      await db.close();
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    },
  };
}

function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}
