import { Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Db } from './database.js';
import { migrations } from './migrations/index.js';
import type { AnyKysely } from './migrations/types.js';
import { currentSchemaDialect } from './scoped-introspector.js';

/**
 * Brings the schema up to date. Migrations ship inside the code (no folder to find at run time)
 * and are written once for both dialects; each receives the dialect for the few places that differ.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const provider: MigrationProvider = {
    getMigrations: async () => {
      const result: Record<string, Migration> = {};
      for (const migration of migrations) {
        const { up, down } = migration;
        result[migration.name] = {
          up: (kysely) => up(kysely, db.dialect),
          ...(down ? { down: (kysely: AnyKysely) => down(kysely, db.dialect) } : {}),
        };
      }
      return result;
    },
  };
  // Kysely looks for its own tables in every schema unless told which one: with a schema per test
  // (or per tenant) on one PostgreSQL database, another schema's lock table passes for ours.
  const migrationTableSchema =
    db.dialect === 'postgres'
      ? (await sql<{ name: string }>`select current_schema() as name`.execute(db.kysely)).rows[0]
          ?.name
      : undefined;
  const { error, results } = await new Migrator({
    // On the same pool (never destroyed here: that would end the pool), seeing only our schema.
    db:
      db.raw.dialect === 'postgres'
        ? new Kysely<unknown>({ dialect: currentSchemaDialect(db.raw.pool) })
        : db.kysely,
    provider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  }).migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed ?? ''} failed: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
