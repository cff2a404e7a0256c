/**
 * The limit of this box: a bare node:http server that stores each POST body as one row —
 * better-sqlite3 (WAL, synchronous = NORMAL, one prepared INSERT) or a node-postgres pool —
 * with no framework, no session and no grading. bench/submit-path.ts runs it as a child
 * process beside the app: BARE_DATABASE = file:<path> or postgresql://…, BARE_PORT = port.
 * It prints "listening" once it accepts requests.
 */
import http from 'node:http';

const url = process.env.BARE_DATABASE ?? '';
const port = Number(process.env.BARE_PORT ?? 0);

/** Inserts one row holding `body`. */
type Insert = (body: string) => Promise<void>;

async function sqliteInsert(file: string): Promise<Insert> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS bench_row (id INTEGER PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO bench_row (body, created_at) VALUES (?, ?)');
  return async (body) => {
    insert.run(body, new Date().toISOString());
  };
}

async function pgInsert(connectionString: string): Promise<Insert> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString, max: 10 });
  pool.on('error', () => {}); // an idle connection dropped when the server stops
  await pool.query('CREATE TABLE IF NOT EXISTS bench_row (id SERIAL PRIMARY KEY, body TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)');
  return async (body) => {
    await pool.query('INSERT INTO bench_row (body, created_at) VALUES ($1, $2)', [body, new Date()]);
  };
}

const insert = url.startsWith('file:') ? await sqliteInsert(url.slice('file:'.length)) : await pgInsert(url);

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    insert(Buffer.concat(chunks).toString('utf8')).then(
      () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      },
      (err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      },
    );
  });
});
server.listen(port, '127.0.0.1', () => console.log('listening'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
