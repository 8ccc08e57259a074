import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type Kysely,
  PostgresDialect,
  type PostgresPool,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from 'kysely';

/**
 * The migrator asks whether its tables exist by listing the tables of every schema, which fails
 * ("schema ... does not exist") whenever another schema of the database (another tenant's,
 * another test's) is dropped during the listing. This one lists the current schema only, by oid
 * joins that a concurrent drop cannot break.
 */
class CurrentSchemaIntrospector implements DatabaseIntrospector {
  // biome-ignore lint/suspicious/noExplicitAny: introspection reads catalogs, not our tables.
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select current_schema() as name`.execute(this.db);
    return rows.filter((row) => row.name !== null);
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; kind: string }>`
      select c.relname as name, n.nspname as schema, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'v', 'm', 'p')`.execute(this.db);
    return rows.map((row) => ({
      name: row.name,
      schema: row.schema,
      isView: row.kind === 'v' || row.kind === 'm',
      columns: [],
    }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

/** A PostgreSQL dialect whose introspection sees the current schema only (for the migrator). */
export function currentSchemaDialect(pool: PostgresPool): PostgresDialect {
  return new (class extends PostgresDialect {
    // biome-ignore lint/suspicious/noExplicitAny: the dialect interface is untyped here.
    override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
      return new CurrentSchemaIntrospector(db);
    }
  })({ pool });
}
