import type SQLite from 'better-sqlite3';
import type pg from 'pg';
import type { Db } from './database.js';
import {
  type OutboxDialect,
  type OutboxStatements,
  outboxStatements,
  POSTGRES_DIALECT,
  SQLITE_DIALECT,
  type StatementName,
} from './outbox-statements.js';

/** One statement to run, by name, with its parameters (keys without the `$`). */
export interface Call {
  statement: StatementName;
  params: Record<string, unknown>;
}

/** What a statement gave back: the rows it returned, and how many rows it changed. */
export interface Answer {
  rows: Record<string, unknown>[];
  changes: number;
}

/**
 * The outbox's logic, written once as a generator: it yields each statement it needs and is
 * handed the answer. That lets SQLite run it synchronously inside one `BEGIN IMMEDIATE`
 * transaction (nothing else can slip onto the shared connection between two statements) and
 * PostgreSQL run it on one pooled client, awaiting each answer.
 */
export type Work<T> = Generator<Call, T, Answer>;

export interface OutboxDriver {
  readonly dialect: OutboxDialect;
  /** Runs the statements of `work` each on its own (a claim: one statement per source). */
  run<T>(work: Work<T>): Promise<T>;
  /** Runs the statements of `work` as one transaction. */
  transaction<T>(work: Work<T>): Promise<T>;
}

const drivers = new WeakMap<object, OutboxDriver>();

/** The database's driver, made once per connection (SQLite) or pool (PostgreSQL). */
export function outboxDriver(db: Db): OutboxDriver {
  const raw = db.raw;
  const key = raw.dialect === 'sqlite' ? raw.database : raw.pool;
  let driver = drivers.get(key);
  if (!driver) {
    driver = raw.dialect === 'sqlite' ? sqliteDriver(raw.database) : postgresDriver(raw.pool);
    drivers.set(key, driver);
  }
  return driver;
}

/** Statements prepared once on the connection and run synchronously. */
function sqliteDriver(database: SQLite.Database): OutboxDriver {
  const prepared = new Map<StatementName, SQLite.Statement>();
  for (const [name, text] of Object.entries(outboxStatements(SQLITE_DIALECT))) {
    prepared.set(name as StatementName, database.prepare(text));
  }
  const answer = ({ statement, params }: Call): Answer => {
    const query = prepared.get(statement);
    if (!query) throw new Error(`outbox: no statement ${statement} on SQLite`);
    if (!query.reader) return { rows: [], changes: query.run(params).changes };
    const rows = query.all(params) as Record<string, unknown>[];
    return { rows, changes: rows.length };
  };
  const drive = (work: Work<unknown>): unknown => {
    let step = work.next();
    while (!step.done) step = work.next(answer(step.value));
    return step.value;
  };
  const inTransaction = database.transaction(drive);
  return {
    dialect: SQLITE_DIALECT,
    run: async <T>(work: Work<T>) => drive(work) as T,
    transaction: async <T>(work: Work<T>) => inTransaction.immediate(work) as T,
  };
}

/** Named prepared statements: parsed and planned once per pooled connection. */
function postgresDriver(pool: pg.Pool): OutboxDriver {
  const named = numbered(outboxStatements(POSTGRES_DIALECT));
  const answer = async (client: pg.Pool | pg.PoolClient, { statement, params }: Call) => {
    const query = named.get(statement);
    if (!query) throw new Error(`outbox: no statement ${statement} on PostgreSQL`);
    const result = await client.query({
      name: query.name,
      text: query.text,
      values: query.keys.map((key) => params[key]),
    });
    return { rows: result.rows as Record<string, unknown>[], changes: result.rowCount ?? 0 };
  };
  const drive = async <T>(client: pg.Pool | pg.PoolClient, work: Work<T>): Promise<T> => {
    let step = work.next();
    while (!step.done) step = work.next(await answer(client, step.value));
    return step.value;
  };
  return {
    dialect: POSTGRES_DIALECT,
    run: (work) => drive(pool, work),
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const result = await drive(client, work);
        await client.query('commit');
        return result;
      } catch (error) {
        // The statement's error is the one reported; a client that cannot roll back is closed.
        await client.query('rollback').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}

/** `$name` placeholders become `$1..$n` in order of first use; each statement gets its name. */
function numbered(statements: OutboxStatements) {
  const result = new Map<StatementName, { name: string; text: string; keys: string[] }>();
  for (const [name, sql] of Object.entries(statements)) {
    const keys: string[] = [];
    const text = sql.replace(/\$([a-z]+)/g, (_, key: string) => {
      let i = keys.indexOf(key);
      if (i < 0) i = keys.push(key) - 1;
      return `$${i + 1}`;
    });
    result.set(name as StatementName, { name: `gazette_outbox_${name}`, text, keys });
  }
  return result;
}
