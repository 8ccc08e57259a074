import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /**
   * The driver under Kysely, for the send loop's hot statements (prepared once, no query
   * building per message). On SQLite the connection is shared with Kysely: keep raw writes
   * out of the path of a Kysely transaction that could roll back.
   */
  raw: { dialect: 'sqlite'; database: SQLite.Database } | { dialect: 'postgres'; pool: pg.Pool };
  close(): Promise<void>;
}

// Instants are stored as integer milliseconds (bigint on PostgreSQL): one representation on both
// databases, and well inside 2^53, so reading int8 as a JS number loses nothing.
pg.types.setTypeParser(20, (value) => Number(value));
// numeric (from sum/avg) likewise.
pg.types.setTypeParser(1700, (value) => Number(value));

/**
 * Opens `sqlite:PATH` (created with its folder on first use) or `postgres://...`. A `schema`
 * query parameter on a PostgreSQL URL selects (and creates) a schema: tests use one each.
 */
export async function openDatabase(url: string): Promise<Db> {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  return openPostgres(url);
}

function openSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 10000');
  database.pragma('foreign_keys = ON');
  const kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) });
  return {
    kysely,
    dialect: 'sqlite',
    raw: { dialect: 'sqlite', database },
    close: () => kysely.destroy(),
  };
}

/**
 * Transactions take SQLite's write lock when they begin. A deferred transaction that reads and
 * then writes fails at once with SQLITE_BUSY (the busy timeout does not apply) when another
 * process wrote in between; an immediate one waits its turn instead.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

async function openPostgres(url: string): Promise<Db> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  if (schema && !/^[a-z_][a-z0-9_]*$/i.test(schema)) {
    throw new Error(`database URL: schema "${schema}" must be a plain identifier`);
  }
  if (schema) {
    const setup = new pg.Client({ connectionString: parsed.toString() });
    await setup.connect();
    try {
      await setup.query(`create schema if not exists "${schema}"`);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: 10,
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(kysely);
  return {
    kysely,
    dialect: 'postgres',
    raw: { dialect: 'postgres', pool },
    close: () => kysely.destroy(),
  };
}

/** The database answers: for `/healthz`. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}
