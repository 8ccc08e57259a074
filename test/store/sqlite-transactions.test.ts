import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/store/index.js';

/** Another process's write landing inside a transaction that reads, then writes. */
describe('SQLite transactions beside another writer', () => {
  let dir: string;
  let db: Db;
  let other: SQLite.Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gazette-sqlite-tx-'));
    const path = join(dir, 'gazette.db');
    db = await openDatabase(`sqlite:${path}`);
    await sql`create table tally (name text primary key, n integer not null)`.execute(db.kysely);
    await sql`insert into tally values ('runs', 0), ('other', 0)`.execute(db.kysely);
    other = new SQLite(path);
    other.pragma('busy_timeout = 50');
  });

  afterEach(async () => {
    other.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a read-then-write transaction is not refused because the other wrote in between', async () => {
    let otherWrote = true;
    await db.kysely.transaction().execute(async (trx) => {
      const before = await sql<{ n: number }>`select n from tally where name = 'runs'`.execute(trx);
      try {
        other.prepare(`update tally set n = n + 1 where name = 'other'`).run();
      } catch (error) {
        // It waits for the lock this transaction holds; here it gives up after 50 ms.
        expect((error as { code?: string }).code).toBe('SQLITE_BUSY');
        otherWrote = false;
      }
      const n = (before.rows[0]?.n ?? 0) + 1;
      await sql`update tally set n = ${n} where name = 'runs'`.execute(trx);
    });
    const rows = other.prepare('select name, n from tally order by name').all();
    expect(rows).toEqual([
      { name: 'other', n: 0 },
      { name: 'runs', n: 1 },
    ]);
    expect(otherWrote).toBe(false);
  });
});
