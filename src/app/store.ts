import type { Config } from '../config.js';
import { type Db, migrateToLatest, openDatabase } from '../store/index.js';

/** The database of `GAZETTE_DATABASE_URL` (a SQLite file is created on first use), migrated. */
export async function openStore(config: Config): Promise<Db> {
  const db = await openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** `gazette migrate`: brings the schema up to date; returns the migrations applied now. */
export async function migrateStore(config: Config): Promise<string[]> {
  const db = await openDatabase(config.databaseUrl);
  try {
    return await migrateToLatest(db);
  } finally {
    await db.close();
  }
}
