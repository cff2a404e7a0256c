/**
 * The real app as a separate process, for the stress tests and the load benchmarks:
 * build it once (in its own build folder), migrate + seed a database, start `next start`
 * on a port, and talk to it over HTTP the way a browser does — sign-up and sign-in through
 * better-auth's routes, pages by GET, and the app's server actions by POST with the
 * `Next-Action` header (the ids come from the build's server-reference manifest).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The build folder of the stress tests and benchmarks (never .next, which `npm start` and e2e use). */
export const STRESS_DIST_DIR = '.next-stress';
const LOCK = '/tmp/curvature-e2e.lock';

/**
 * Builds the app into `distDir` when its sources changed (scripts/build-app.ts), holding the
 * build lock so that two builds on this machine never run at once.
 */
export function ensureBuild(distDir = STRESS_DIST_DIR): void {
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const hasFlock = spawnSync('sh', ['-c', 'command -v flock'], { stdio: 'ignore' }).status === 0;
  const [cmd, args] = hasFlock
    ? ['flock', [LOCK, process.execPath, tsx, 'scripts/build-app.ts']]
    : [process.execPath, [tsx, 'scripts/build-app.ts']];
  const result = spawnSync(cmd, args as string[], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CURVATURE_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  /** DATABASE_URL of the instance (file:… or postgresql://…). */
  databaseUrl: string;
  port?: number;
  /** The public URL (default http://127.0.0.1:<port>); better-auth accepts requests from this origin. */
  baseUrl?: string;
  distDir?: string;
  /** More environment variables (e.g. CURVATURE_RATE_LIMIT). */
  env?: Record<string, string>;
  /** Migrate and seed the database first (default true). */
  prepare?: boolean;
  /** How long to wait for /api/health (default 60 s). */
  timeoutMs?: number;
  /** Flags for the server's node process (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
}

export interface AppServer {
  url: string;
  port: number;
  /** The `next start` process. */
  process: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Resident memory of the server process in bytes (from /proc). */
  rss(): number;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
  stop(): Promise<void>;
  /** SIGKILL at once (a crash); resolves when the process has exited. */
  kill9(): Promise<void>;
}

export const TEST_AUTH_SECRET = 'stress-test-secret-not-for-production-0123456789';

/** Runs scripts/start.ts's database step (migrate, sync content, demo accounts) in a child process. */
export function prepareDatabase(databaseUrl: string, env: Record<string, string> = {}): void {
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const result = spawnSync(process.execPath, [tsx, 'scripts/seed.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`preparing ${databaseUrl} failed:\n${result.stdout}\n${result.stderr}`);
}

/** Starts `next start` from the stress build on a database; resolves once /api/health answers. */
export async function startApp(opts: StartOptions): Promise<AppServer> {
  const port = opts.port ?? (await freePort());
  const url = opts.baseUrl ?? `http://127.0.0.1:${port}`;
  const distDir = opts.distDir ?? STRESS_DIST_DIR;
  // Typed loosely: Next's types make NODE_ENV a union, and opts.env may hold anything.
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    BETTER_AUTH_TELEMETRY: '0',
    CURVATURE_DIST_DIR: distDir,
    DATABASE_URL: opts.databaseUrl,
    AUTH_SECRET: TEST_AUTH_SECRET,
    BASE_URL: url,
    PORT: String(port),
    ...opts.env,
  };
  if (opts.prepare !== false) prepareDatabase(opts.databaseUrl, opts.env);
  if (!fs.existsSync(path.join(ROOT, distDir, 'BUILD_ID'))) throw new Error(`no build in ${distDir}: call ensureBuild() first`);
  const nextBin = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: AppServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    process: child,
    output: () => out,
    rss: () => {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
    kill9: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${server.url}/api/health`);
      if (res.ok) return server;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`the app did not answer /api/health within ${opts.timeoutMs ?? 60_000} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Server action ids of a build, by "<file>#<export>" (e.g. "server/actions/teach-manage.ts#applyRegrade"). */
export function actionIds(distDir = STRESS_DIST_DIR): Map<string, string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, distDir, 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.filename && entry.exportedName) ids.set(`${entry.filename}#${entry.exportedName}`, id);
  }
  return ids;
}

/**
 * The rows of a React flight response by id. A row is `<hex id>:<json>\n`, or a text row
 * `<hex id>:T<hex byte length>,<text>` with no line end (React sends long strings so, and
 * they may hold newlines), so the body is read as bytes.
 */
function flightRows(body: string | Uint8Array): Map<string, { json: string } | { text: string }> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  const rows = new Map<string, { json: string } | { text: string }>();
  let i = 0;
  while (i < bytes.length) {
    const colon = bytes.indexOf(0x3a, i); // ':'
    if (colon < 0) break;
    const id = bytes.toString('latin1', i, colon);
    // Rows without an id (":HL[…]", hints to preload styles and scripts) hold no data.
    if (!/^[0-9a-f]*$/.test(id)) throw new Error(`not a server-action response near byte ${i}: ${bytes.toString('utf8', i, i + 80)}`);
    if (bytes[colon + 1] === 0x54) {
      // 'T': a text row of a given byte length
      const comma = bytes.indexOf(0x2c, colon);
      const length = parseInt(bytes.toString('latin1', colon + 2, comma), 16);
      rows.set(id, { text: bytes.toString('utf8', comma + 1, comma + 1 + length) });
      i = comma + 1 + length;
    } else {
      let end = bytes.indexOf(0x0a, colon);
      if (end < 0) end = bytes.length;
      if (id !== '') rows.set(id, { json: bytes.toString('utf8', colon + 1, end) });
      i = end + 1;
    }
  }
  return rows;
}

/**
 * The value a server action returned, from its response body (React's flight format: row 0
 * points at the row holding the return value; strings starting with `$` are references to
 * other rows, to a path inside another row, or special values). Handles the plain data server actions return here: objects,
 * arrays, strings (also long text rows), numbers (also NaN, ±Infinity, -0), booleans, null,
 * undefined and dates (as their ISO strings).
 */
export function parseActionResponse(body: string | Uint8Array): unknown {
  const rows = flightRows(body);
  // A row's value before its references are resolved.
  const raw = (id: string): unknown => {
    const r = rows.get(id);
    if (r === undefined) throw new Error(`server-action response lacks row ${id}`);
    return 'text' in r ? r.text : JSON.parse(r.json);
  };
  // '$<row>' or '$<row>:<key>:<key>…' (a value met before, by its path in another row).
  const target = (ref: string): unknown => {
    const [id, ...keys] = ref.split(':');
    let v = raw(id);
    for (const key of keys) {
      while (typeof v === 'string' && /^\$@?[0-9a-f]+(:|$)/.test(v)) v = target(v.replace(/^\$@?/, ''));
      v = (v as Record<string, unknown>)[key];
    }
    return v;
  };
  const revive = (v: unknown): unknown => {
    if (typeof v === 'string' && v.startsWith('$')) {
      const rest = v.slice(1);
      if (rest.startsWith('$')) return rest; // an escaped '$'
      if (rest === 'undefined') return undefined;
      if (rest === 'NaN') return NaN;
      if (rest === 'Infinity') return Infinity;
      if (rest === '-Infinity') return -Infinity;
      if (rest === '-0') return -0;
      if (rest.startsWith('D')) return rest.slice(1);
      if (/^@?[0-9a-f]+(:|$)/.test(rest)) return revive(target(rest.replace(/^@/, '')));
      throw new Error(`unsupported flight value ${v}`);
    }
    if (Array.isArray(v)) return v.map(revive);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
    return v;
  };
  const head = rows.get('0');
  if (head === undefined || !('json' in head)) {
    throw new Error(`not a server-action response: ${(typeof body === 'string' ? body : Buffer.from(body).toString('utf8')).slice(0, 200)}`);
  }
  return revive((JSON.parse(head.json) as { a?: unknown }).a);
}

/** One browser's worth of state: its cookies, against one base URL. */
export class Client {
  private cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    /** The Origin header sent (better-auth refuses other origins); default the base URL. */
    readonly origin = baseUrl,
    /** Extra headers on every request (e.g. X-Forwarded-For of a simulated student). */
    readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  /**
   * A client for another base URL (e.g. one app instance behind a proxy) that shares this
   * client's cookies: what one of them is given, the other sends.
   */
  sharingCookies(baseUrl: string, origin = baseUrl): Client {
    const other = new Client(baseUrl, origin, this.headers);
    other.cookies = this.cookies;
    return other;
  }

  /** Whether the client holds a session cookie. */
  signedIn(): boolean {
    return [...this.cookies.keys()].some((k) => k.includes('session_token'));
  }

  /** A request with this client's cookies; Set-Cookie answers are kept. */
  async request(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    for (const [k, v] of Object.entries(this.headers)) headers.set(k, v);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    headers.set('origin', this.origin);
    const res = await fetch(new URL(pathname, this.baseUrl), { ...init, headers, redirect: 'manual' });
    this.remember(res);
    return res;
  }

  /** POST JSON to better-auth (e.g. '/api/auth/sign-in/email'); returns the response. */
  auth(route: string, body: unknown): Promise<Response> {
    return this.request(`/api/auth${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  async signUp(name: string, email: string, password: string): Promise<Response> {
    return this.auth('/sign-up/email', { name, email, password });
  }

  async signIn(email: string, password: string): Promise<Response> {
    return this.auth('/sign-in/email', { email, password });
  }

  /**
   * Calls a server action by id as the page `pagePath` would, with `args` as its arguments;
   * returns the HTTP status, the raw body, and the returned value when the call succeeded.
   */
  async action(id: string, args: unknown[], pagePath = '/'): Promise<{ status: number; body: string; value: unknown }> {
    const res = await this.request(pagePath, {
      method: 'POST',
      headers: { 'next-action': id, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component' },
      // As React's encodeReply does: a string starting with '$' is escaped as '$$…' (the server
      // reads '$…' as a reference).
      body: JSON.stringify(args, (_key, v: unknown) => (typeof v === 'string' && v.startsWith('$') ? `$${v}` : v)),
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const body = Buffer.from(bytes).toString('utf8');
    let value: unknown = undefined;
    if (res.status === 200) {
      try {
        value = parseActionResponse(bytes);
      } catch {
        value = undefined;
      }
    }
    return { status: res.status, body, value };
  }

  /**
   * Sends an answer as the exercise card does (POST /api/attempts, server/exercise-api.ts);
   * returns the HTTP status, the raw body, and the parsed JSON body (undefined when not JSON).
   */
  async submit(body: { course: string; exercise: string; answer: string; idempotencyKey: string }): Promise<{ status: number; body: string; value: unknown }> {
    const res = await this.request('/api/attempts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return jsonReply(res);
  }

  /** The signed-in student's state of a lesson, as the lesson page fetches it (GET /api/lesson-state). */
  async lessonState(course: string, lesson: string): Promise<{ status: number; body: string; value: unknown }> {
    return jsonReply(await this.request(`/api/lesson-state?${new URLSearchParams({ course, lesson })}`));
  }
}

/** A response's status, text, and JSON value (undefined when the body is not JSON). */
async function jsonReply(res: Response): Promise<{ status: number; body: string; value: unknown }> {
  const body = await res.text();
  let value: unknown = undefined;
  try {
    value = JSON.parse(body);
  } catch {
    value = undefined;
  }
  return { status: res.status, body, value };
}
