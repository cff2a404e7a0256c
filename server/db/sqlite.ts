/**
 * How Curvature opens SQLite: one place for the driver adapter's options and the
 * per-connection pragmas, shared by the app's client and the migrator.
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import type Database from 'better-sqlite3';

/** DateTime values are stored as ISO-8601 text in UTC (the adapter's default, made explicit). */
export const SQLITE_ADAPTER_OPTIONS = { timestampFormat: 'iso8601' } as const;

/** better-sqlite3 options: wait up to 5 s for a lock held by another process. */
export const SQLITE_CONNECTION_OPTIONS = { timeout: 5000 } as const;

/**
 * Run on every new connection. WAL lets readers work while one writer writes and, with
 * synchronous = NORMAL, makes a single-row insert about 4× faster than the default
 * journal; a crash can lose the last transactions but never corrupts the file.
 */
export const SQLITE_PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = NORMAL',
  'PRAGMA busy_timeout = 5000',
  'PRAGMA foreign_keys = ON',
].join(';\n');

/** The better-sqlite3 driver adapter factory with Curvature's pragmas applied on connect. */
export class CurvatureSqliteAdapter extends PrismaBetterSqlite3 {
  constructor(url: string) {
    super({ url, ...SQLITE_CONNECTION_OPTIONS }, SQLITE_ADAPTER_OPTIONS);
  }

  /** Opens the connection and sets the pragmas before any query runs. */
  override async connect(): Promise<SqlDriverAdapter> {
    const adapter = await super.connect();
    await adapter.executeScript(SQLITE_PRAGMAS);
    reuseStatements((adapter as unknown as { client: Database.Database }).client);
    return isolateTransactions(adapter);
  }
}

/** How many prepared statements a connection keeps (Prisma's SQL texts of this app number in the tens). */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * Keeps the connection's prepared statements for reuse. The driver adapter prepares every
 * query afresh (`db.prepare(sql).bind(args)`, and better-sqlite3 lets a statement be bound
 * only once), which under load was a tenth of the server's CPU. Here `prepare` hands out the
 * statement prepared before for the same SQL, behind an object whose `bind` keeps the
 * arguments for the one call that follows instead of binding them for good. Only what the
 * adapter uses is offered: `reader`, `run`, and after `bind` also `columns` and `raw().all()`.
 * The least recently used statement goes when STATEMENT_CACHE_SIZE are kept.
 */
export function reuseStatements(db: Database.Database): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  const reusable = (stmt: Database.Statement) => ({
    reader: stmt.reader,
    run: () => stmt.run(),
    bind: (args: unknown[]) => ({
      reader: stmt.reader,
      run: () => stmt.run(args),
      columns: () => stmt.columns(),
      raw: () => ({ all: () => stmt.raw(true).all(args) }),
    }),
  });
  db.prepare = ((sql: string) => {
    let stmt = cache.get(sql);
    if (stmt) {
      cache.delete(sql); // re-inserted below: the Map's order is least recently used first
    } else {
      stmt = prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, stmt);
    return reusable(stmt);
  }) as unknown as typeof db.prepare;
}

/**
 * Keeps other queries out of an open transaction. The adapter has one better-sqlite3
 * connection; it serialises transactions with each other but not with plain queries, so
 * while a transaction is open (BEGIN … COMMIT spans several awaits) another request's query
 * would run inside it — and vanish with it if it rolled back, after that request had been
 * told it was saved. Here plain queries and new transactions wait until the open one ends.
 * (Each query runs synchronously once called, so the check and the call cannot be split.)
 */
export function isolateTransactions(adapter: SqlDriverAdapter): SqlDriverAdapter {
  /** Settles when the open transaction commits or rolls back; null when none is open. */
  let open: Promise<void> | null = null;
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.queryRaw = async (query) => {
    while (open) await open;
    return queryRaw(query);
  };
  adapter.executeRaw = async (query) => {
    while (open) await open;
    return executeRaw(query);
  };
  adapter.startTransaction = async (isolationLevel) => {
    while (open) await open;
    let end!: () => void;
    open = new Promise<void>((resolve) => (end = resolve));
    const finish = () => {
      open = null;
      end();
    };
    let tx: Awaited<ReturnType<SqlDriverAdapter['startTransaction']>>;
    try {
      tx = await startTransaction(isolationLevel);
    } catch (err) {
      finish();
      throw err;
    }
    const commit = tx.commit.bind(tx);
    const rollback = tx.rollback.bind(tx);
    tx.commit = async () => {
      try {
        await commit();
      } finally {
        finish();
      }
    };
    tx.rollback = async () => {
      try {
        await rollback();
      } finally {
        finish();
      }
    };
    return tx;
  };
  return adapter;
}
