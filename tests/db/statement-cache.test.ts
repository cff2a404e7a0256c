/**
 * server/db/sqlite.ts reuseStatements: the SQLite connection keeps prepared statements, and
 * each use gets its own arguments (better-sqlite3 binds a statement's arguments for good, so
 * reusing one wrongly would answer every query with the first query's arguments).
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { reuseStatements, STATEMENT_CACHE_SIZE } from '@/server/db/sqlite';

/** The calls the Prisma adapter makes: prepare(sql).bind(args), then run() or raw().all(). */
function query(db: Database.Database, sql: string, args: unknown[]): unknown[][] {
  const stmt = db.prepare(sql).bind(args) as unknown as { reader: boolean; run(): unknown; raw(): { all(): unknown[][] } };
  if (!stmt.reader) {
    stmt.run();
    return [];
  }
  return stmt.raw().all();
}

function counted(): { db: Database.Database; prepared: () => number } {
  const db = new Database(':memory:');
  let n = 0;
  const original = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    n++;
    return original(sql);
  }) as typeof db.prepare;
  reuseStatements(db);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
  return { db, prepared: () => n };
}

describe('reuseStatements', () => {
  it('prepares each SQL text once and gives every use its own arguments', () => {
    const { db, prepared } = counted();
    for (const [id, name] of [[1, 'ada'], [2, 'ben'], [3, 'cy']] as const) query(db, 'INSERT INTO t (id, name) VALUES (?, ?)', [id, name]);
    expect(query(db, 'SELECT name FROM t WHERE id = ?', [2])).toEqual([['ben']]);
    expect(query(db, 'SELECT name FROM t WHERE id = ?', [3])).toEqual([['cy']]);
    expect(query(db, 'SELECT name FROM t WHERE id = ?', [9])).toEqual([]);
    expect(prepared()).toBe(2); // one INSERT, one SELECT
    // BEGIN / COMMIT as the adapter sends them: prepare(sql).run() without bind.
    (db.prepare('BEGIN') as unknown as { run(): void }).run();
    query(db, 'INSERT INTO t (id, name) VALUES (?, ?)', [4, 'dee']);
    (db.prepare('ROLLBACK') as unknown as { run(): void }).run();
    expect(query(db, 'SELECT count(*) FROM t', [])).toEqual([[3]]);
  });

  it('reports a failed use and leaves the statement usable', () => {
    const { db } = counted();
    query(db, 'INSERT INTO t (id, name) VALUES (?, ?)', [1, 'ada']);
    expect(() => query(db, 'INSERT INTO t (id, name) VALUES (?, ?)', [2, 'ada'])).toThrow(/UNIQUE constraint failed: t.name/);
    expect(() => query(db, 'INSERT INTO t (id, name) VALUES (?, ?)', [2])).toThrow(/parameter/i);
    query(db, 'INSERT INTO t (id, name) VALUES (?, ?)', [2, 'ben']);
    expect(query(db, 'SELECT id, name FROM t ORDER BY id', [])).toEqual([[1, 'ada'], [2, 'ben']]);
  });

  it(`keeps at most ${STATEMENT_CACHE_SIZE} statements, dropping the least recently used`, () => {
    const { db, prepared } = counted();
    const distinct = (i: number) => `SELECT ${i} AS n`;
    query(db, distinct(0), []);
    for (let i = 1; i <= STATEMENT_CACHE_SIZE; i++) {
      query(db, distinct(i), []);
      if (i % 100 === 0) query(db, distinct(0), []); // 0 stays recently used
    }
    const before = prepared();
    expect(query(db, distinct(0), [])).toEqual([[0]]); // still kept
    expect(prepared()).toBe(before);
    expect(query(db, distinct(1), [])).toEqual([[1]]); // the oldest went, prepared again
    expect(prepared()).toBe(before + 1);
  });
});
