/**
 * The submit path under load: the production build on SQLite, then on PostgreSQL, with
 * 100 connections (autocannon, on 127.0.0.1), in one run per database:
 *
 *   bare  node:http + one INSERT per request (better-sqlite3 / node-postgres): the limit of this box
 *   (a)   an unauthenticated no-op POST route            /api/bench/noop
 *   (b)   an authenticated no-op POST (session check)     /api/bench/session
 *   (c)   a real submission: POST /api/attempts, as the exercise card sends it (read, grade, store)
 *
 * (c) goes to an exercise with unlimited attempts (the lesson's override is set to 0 in the
 * throw-away database) and a wrong but readable answer, so that it stays open and every
 * request is graded and stored; each request has its own idempotency key and the students
 * take turns (100 by default), so no one student's attempts pile up. Goals: (c) ≥ 80% of
 * (b)'s requests/s, (b) ≥ 70% of (a)'s, p99 of (c) ≤ 100 ms.
 *
 *   npm run bench:submit -- [--db sqlite|postgresql|both] [--duration 10] [--warmup 2]
 *                           [--connections 100] [--students 100] [--profile DIR]
 *
 * --profile writes a V8 CPU profile of the app server (node --cpu-prof) into DIR, to open
 * in Chrome DevTools. The app is built into .next-stress (never .next) when its sources changed.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, ensureBuild, freePort, prepareDatabase, ROOT, startApp, type AppServer } from '@/tests/support/app';
import { runPhase, type PhaseResult } from './lib/cannon';
import { benchDatabase, createStudents, prismaFor, signInAll, type DatabaseKind } from './lib/setup';
import { mapLimit, ms, table } from './lib/stats';
import { machineLine } from './lib/machine';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '100' },
    students: { type: 'string', default: '100' },
    profile: { type: 'string' },
  },
});
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
const studentCount = Number(args.students);
const kinds: DatabaseKind[] = args.db === 'both' ? ['sqlite', 'postgresql'] : [args.db as DatabaseKind];
if (!kinds.every((k) => k === 'sqlite' || k === 'postgresql')) throw new Error('--db must be sqlite, postgresql or both');
if (!(duration > 0 && duration <= 120 && warmup >= 0 && warmup <= 30)) throw new Error('--duration must be 1–120 s and --warmup 0–30 s');
if (!(connections >= 1 && connections <= 1000 && studentCount >= 1 && studentCount <= 10_000)) throw new Error('--connections 1–1000, --students 1–10000');
// The session cookie cache lives 60 s; each authenticated phase signs in afresh, so one
// phase (warm-up + measure) must fit in it, as a browser's would.
if (warmup + duration > 50) throw new Error('--warmup + --duration must stay under 50 s (the session cookie cache lives 60 s)');

const COURSE = 'curvature';
const LESSON = 'hessian';
const EXERCISE = 'hessian-worked-example'; // H of x³ + y³ + 2xy at (1, 2) is [6 2; 2 12]
const WRONG_ANSWER = '[6, 2; 2, 11]'; // readable, graded, not correct: the exercise stays open

let counter = 0;
/** A fresh idempotency key (the route accepts 16–100 of [A-Za-z0-9_-]). */
const newKey = () => `bench-${(counter++).toString(36)}-${randomBytes(6).toString('hex')}`;
const submission = () => JSON.stringify({ course: COURSE, exercise: EXERCISE, answer: WRONG_ANSWER, idempotencyKey: newKey() });

/** Starts bench/lib/bare-server.ts on the database; resolves with its URL and a stop function. */
async function startBare(databaseUrl: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawn(process.execPath, [tsx, path.join(ROOT, 'bench', 'lib', 'bare-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, BARE_DATABASE: databaseUrl, BARE_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { url: `http://127.0.0.1:${port}`, stop: async () => (child.kill('SIGTERM'), await exited) };
}

/** Runs a phase twice: `warmup` seconds unrecorded (JIT, caches, pools), then `duration` seconds measured. */
async function measured(opts: Omit<Parameters<typeof runPhase>[0], 'duration' | 'connections'>): Promise<PhaseResult> {
  if (warmup > 0) await runPhase({ ...opts, connections, duration: warmup });
  return runPhase({ ...opts, connections, duration });
}

/** A request spec whose every request goes as the next student in turn, with a fresh body. */
function rotating(method: string, pathName: string, headers: Record<string, string>, cookies: string[]) {
  let turn = 0;
  return {
    method,
    path: pathName,
    headers,
    setupRequest: (req: { headers?: Record<string, string>; body?: string }) => ({
      ...req,
      headers: { ...headers, cookie: cookies[turn++ % cookies.length] },
      body: submission(),
    }),
  };
}

interface Row {
  label: string;
  r: PhaseResult;
}

async function benchOne(kind: DatabaseKind): Promise<Row[]> {
  const db = await benchDatabase(kind);
  let app: AppServer | undefined;
  const rows: Row[] = [];
  try {
    console.error(`[${kind}] preparing the database…`);
    prepareDatabase(db.url);
    const prisma = prismaFor(db.url);
    try {
      // Unlimited attempts on the lesson, as an instructor's override would set.
      await prisma.lesson.updateMany({ where: { slug: LESSON, course: { slug: COURSE } }, data: { attempts: 0 } });
    } finally {
      await prisma.$disconnect();
    }
    const students = await createStudents(db.url, studentCount);

    console.error(`[${kind}] bare node:http + insert…`);
    const bare = await startBare(db.url);
    try {
      rows.push({ label: `bare node:http + ${kind === 'sqlite' ? 'better-sqlite3' : 'node-postgres'} insert`, r: await measured({ url: bare.url, request: { method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body: submission() } }) });
    } finally {
      await bare.stop();
    }

    const nodeArgs = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : [];
    // Every student signs in again before each authenticated phase: no sign-in limit here.
    app = await startApp({ databaseUrl: db.url, prepare: false, env: { CURVATURE_BENCH_ROUTES: '1', CURVATURE_RATE_LIMIT: 'off' }, nodeArgs });
    const json = { 'content-type': 'application/json', origin: app.url };

    console.error(`[${kind}] (a) no-op route…`);
    rows.push({ label: '(a) no-op POST route', r: await measured({ url: app.url, request: { method: 'POST', path: '/api/bench/noop', headers: json, body: submission() } }) });

    console.error(`[${kind}] (b) session check…`);
    let cookies = await signInAll(app.url, students.emails);
    rows.push({ label: '(b) no-op POST + session check', r: await measured({ url: app.url, request: rotating('POST', '/api/bench/session', json, cookies) }) });

    console.error(`[${kind}] (c) POST /api/attempts…`);
    cookies = await signInAll(app.url, students.emails);
    // Each student opens the lesson first, as the page does: this solves their variants, so
    // that the measured submissions grade against solved variants as they would in class.
    await mapLimit(cookies, 8, async (cookie) => {
      const r = await new Client(app!.url, app!.url, { cookie }).lessonState(COURSE, LESSON);
      if ((r.value as { status?: string } | undefined)?.status !== 'ok') throw new Error(`GET /api/lesson-state answered ${r.status}: ${r.body.slice(0, 120)}`);
    });
    rows.push({
      label: '(c) POST /api/attempts (grade + store)',
      r: await measured({ url: app.url, request: rotating('POST', '/api/attempts', json, cookies), check: (body) => body.includes('"status":"graded"') }),
    });
    const check = prismaFor(db.url);
    try {
      console.error(`[${kind}] attempts stored: ${await check.attempt.count()}`);
    } finally {
      await check.$disconnect();
    }
    // When a phase had errors, show what the server said about them.
    if (rows.some((row) => row.r.errors > 0)) {
      const lines = app.output().split('\n').filter((l) => /error|fail|timed? ?out/i.test(l));
      if (lines.length) console.error(`[${kind}] the server's last error lines:\n${lines.slice(-15).join('\n')}`);
    }
  } finally {
    await app?.stop();
    await db.stop();
  }
  return rows;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');

console.error('building the app into .next-stress when its sources changed…');
ensureBuild();
const output: string[] = [`# submit path — ${machineLine()}`, `${connections} connections, ${duration} s per phase after ${warmup} s warm-up, ${studentCount} students taking turns`];
for (const kind of kinds) {
  const rows = await benchOne(kind);
  const [bare, a, b, c] = rows.map((x) => x.r);
  output.push(
    '',
    `## ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
    table(
      ['', 'req/s', 'p50', 'p99', 'max', 'errors', 'error detail'],
      rows.map(({ label, r }) => [label, Math.round(r.rps), ms(r.p50), ms(r.p99), ms(r.max), r.errors, r.errorDetail]),
    ),
    '',
    table(
      ['goal', 'measured', ''],
      [
        ['(c) ≥ 80% of (b) req/s', pct(c.rps / b.rps), mark(c.rps >= 0.8 * b.rps)],
        ['(b) ≥ 70% of (a) req/s', pct(b.rps / a.rps), mark(b.rps >= 0.7 * a.rps)],
        ['p99 of (c) ≤ 100 ms', ms(c.p99), mark(c.p99 <= 100)],
        ['no errors in (a)–(c)', String(a.errors + b.errors + c.errors), mark(a.errors + b.errors + c.errors === 0)],
        ['(c) against the bare insert', pct(c.rps / bare.rps), ''],
      ],
    ),
  );
}
console.log(output.join('\n'));
process.exit(0);
