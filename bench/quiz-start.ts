/**
 * Quiz start: a class opens the same exercise in the same minute. Each simulated student
 * arrives at a random moment and
 *
 *   1. signs in           POST /api/auth/sign-in/email (argon2id verification)
 *   2. loads the page     GET the lesson page, then — as the page does once it has loaded —
 *                         GET /api/auth/get-session (the user menu) and GET /api/lesson-state
 *                         (the exercise cards), both at once
 *   3. submits an answer  POST /api/attempts (graded and stored)
 *
 * Two scenarios: the students arrive at random over `--over` seconds (default 1,000 over
 * 60 s), then the same number in a `--burst` (default 10 s). Per step it prints count,
 * errors, p50, p95, p99 and max; the goal is no errors and p99 ≤ 1 s for every step.
 *
 *   npm run bench:quiz -- [--students 1000] [--over 60] [--burst 10] [--db sqlite|postgresql]
 *                         [--instances 1|2] [--xff] [--url URL] [--keep] [--profile DIR]
 *
 * Without --url each scenario gets a fresh throw-away database and its own server from the
 * production build (.next-stress); with --instances 2, two servers on a throw-away
 * PostgreSQL behind nginx running deploy/nginx/curvature.conf (tests/support/nginx.ts). With --url it loads a running deployment instead (for
 * example nginx in front of two instances): DATABASE_URL must name that deployment's
 * database, where the students are created beforehand (and removed afterwards unless
 * --keep). All students come from this machine's address, as a lecture hall behind
 * one NAT address does; --xff gives each its own X-Forwarded-For address instead, which the
 * server believes only as described in server/auth.ts (one address, or trusted proxies).
 * --profile writes a V8 CPU profile of each local server into DIR.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, ensureBuild, freePort, prepareDatabase, startApp, type AppServer } from '@/tests/support/app';
import { prepareNginx, type Nginx } from '@/tests/support/nginx';
import { machineLine } from './lib/machine';
import { BENCH_PASSWORD, benchDatabase, createStudents, type DatabaseKind } from './lib/setup';
import { ms, sleep, summarize, table } from './lib/stats';

const { values: args } = parseArgs({
  options: {
    students: { type: 'string', default: '1000' },
    over: { type: 'string', default: '60' },
    burst: { type: 'string', default: '10' },
    db: { type: 'string' },
    instances: { type: 'string', default: '1' },
    xff: { type: 'boolean', default: false },
    url: { type: 'string' },
    keep: { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});
const count = Number(args.students);
const over = Number(args.over);
const burst = Number(args.burst);
const instances = Number(args.instances);
if (instances !== 1 && instances !== 2) throw new Error('--instances must be 1 or 2');
// Two instances share one PostgreSQL database behind nginx (deploy/nginx/curvature.conf).
const kind = (args.db ?? (instances === 2 ? 'postgresql' : 'sqlite')) as DatabaseKind;
if (instances === 2 && kind !== 'postgresql') throw new Error('--instances 2 runs on PostgreSQL, as docs/self-hosting.md sets it up: leave out --db or say --db postgresql');
if (instances === 2 && args.url) throw new Error('--instances 2 starts its own servers: leave out --url');
// nginx serves HTTPS with a certificate made for this run; this process (only) accepts it.
if (instances === 2) process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
if (!(count >= 1 && count <= 5000)) throw new Error('--students must be 1–5000');
if (!(over > 0 && over <= 600 && burst >= 0 && burst <= 600)) throw new Error('--over must be 1–600 s, --burst 0–600 s (0 skips the burst)');
if (kind !== 'sqlite' && kind !== 'postgresql') throw new Error('--db must be sqlite or postgresql');
if (args.url) {
  const host = new URL(args.url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`--url must be on this machine (127.0.0.1), not ${host}`);
  if (!process.env.DATABASE_URL) throw new Error('--url needs DATABASE_URL naming the deployment’s database (the students are created there first)');
}

const COURSE = 'curvature';
const LESSON = 'hessian';
const PAGE = `/courses/${COURSE}/${LESSON}`;
const EXERCISE = 'hessian-worked-example';
const ANSWER = '[6, 2; 2, 12]'; // H of x³ + y³ + 2xy at (1, 2)
/** A step that takes longer than this counts as an error (and the student stops there). */
const STEP_LIMIT_MS = 30_000;

type Step = 'sign-in' | 'page' | 'submit';
const STEPS: Step[] = ['sign-in', 'page', 'submit'];

interface Outcome {
  times: Partial<Record<Step, number>>;
  failed?: { step: Step; why: string };
}

/** Runs `fn`, failing it after STEP_LIMIT_MS; returns its duration in ms. */
async function timed(fn: () => Promise<void>): Promise<number> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${STEP_LIMIT_MS / 1000} s`)), STEP_LIMIT_MS);
  });
  try {
    await Promise.race([fn(), limit]);
  } finally {
    clearTimeout(timer);
  }
  return performance.now() - started;
}

function expect(ok: boolean, why: string): void {
  if (!ok) throw new Error(why);
}

/** One student's visit; each step must succeed for the next to run. */
async function visit(base: string, email: string, address?: string): Promise<Outcome> {
  const client = new Client(base, base, address ? { 'x-forwarded-for': address } : {});
  const out: Outcome = { times: {} };
  const step = async (name: Step, fn: () => Promise<void>) => {
    try {
      out.times[name] = await timed(fn);
      return true;
    } catch (err) {
      out.failed = { step: name, why: err instanceof Error ? err.message : String(err) };
      return false;
    }
  };
  const signedIn = await step('sign-in', async () => {
    const res = await client.signIn(email, BENCH_PASSWORD);
    const body = await res.text();
    expect(res.status === 200 && client.signedIn(), `sign-in ${res.status} ${body.slice(0, 80)}`);
  });
  if (!signedIn) return out;
  const loaded = await step('page', async () => {
    const page = await client.request(PAGE);
    const html = await page.text();
    expect(page.status === 200 && html.includes('</html>'), `page ${page.status}`);
    const [session, state] = await Promise.all([client.request('/api/auth/get-session'), client.lessonState(COURSE, LESSON)]);
    const who = (await session.json().catch(() => null)) as { user?: { email?: string } } | null;
    expect(session.status === 200 && who?.user?.email === email, `get-session ${session.status}`);
    expect((state.value as { status?: string } | undefined)?.status === 'ok', `lesson-state ${state.status} ${state.body.slice(0, 80)}`);
  });
  if (!loaded) return out;
  await step('submit', async () => {
    const key = `quiz-${randomBytes(12).toString('hex')}`;
    const r = await client.submit({ course: COURSE, exercise: EXERCISE, answer: ANSWER, idempotencyKey: key });
    expect((r.value as { status?: string } | undefined)?.status === 'graded', `attempts ${r.status} ${r.body.slice(0, 80)}`);
  });
  return out;
}

/** CPU seconds (user + system) a process has used, from /proc; NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** One scenario: `count` students arriving uniformly at random within `seconds`. */
async function scenario(title: string, seconds: number): Promise<string> {
  let apps: AppServer[] = [];
  let nginx: Nginx | undefined;
  const db = args.url ? undefined : await benchDatabase(kind);
  try {
    let base: string;
    let databaseUrl: string;
    if (db) {
      prepareDatabase(db.url);
      databaseUrl = db.url;
    } else {
      databaseUrl = process.env.DATABASE_URL!;
    }
    console.error(`[${title}] creating ${count} students…`);
    const students = await createStudents(databaseUrl, count, COURSE);
    try {
      const nodeArgs = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : [];
      if (db && instances === 2) {
        const ports: [number, number] = [await freePort(), await freePort()];
        nginx = await prepareNginx(ports);
        for (const port of ports) apps.push(await startApp({ databaseUrl, port, baseUrl: nginx.publicUrl, prepare: false, nodeArgs }));
        await nginx.start();
        base = nginx.publicUrl;
      } else if (db) {
        apps = [await startApp({ databaseUrl, prepare: false, nodeArgs })];
        base = apps[0].url;
      } else {
        base = args.url!.replace(/\/$/, '');
      }
      // A server that has been up for a while: module loading, JIT and the lesson's caches
      // are warm when the class arrives. Ten more students go through the visit first.
      const warm = await createStudents(databaseUrl, 10, COURSE);
      try {
        for (const email of warm.emails) {
          const o = await visit(base, email);
          if (o.failed) throw new Error(`warm-up visit failed at ${o.failed.step}: ${o.failed.why}`);
        }
      } finally {
        if (!db && !args.keep) await warm.remove();
      }

      console.error(`[${title}] ${count} students over ${seconds} s…`);
      const serverCpu = () => apps.reduce((sum, app) => sum + cpuSeconds(app.process.pid), 0);
      const cpu0 = serverCpu();
      const started = performance.now();
      const outcomes = await Promise.all(
        students.emails.map(async (email, i) => {
          await sleep(Math.random() * seconds * 1000);
          const address = args.xff ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` : undefined;
          return visit(base, email, address);
        }),
      );
      const wall = (performance.now() - started) / 1000;
      const cpu = serverCpu() - cpu0;
      const rss = apps.map((app) => `${Math.round(app.rss() / 2 ** 20)} MiB`).join(' + ');

      const rows = STEPS.map((s) => {
        const times = outcomes.map((o) => o.times[s]).filter((t): t is number => t !== undefined);
        const errors = outcomes.filter((o) => o.failed?.step === s).length;
        const sum = summarize(times);
        return [s, sum.count + errors, errors, ms(sum.p50), ms(sum.p95), ms(sum.p99), ms(sum.max), errors === 0 && sum.p99 <= 1000 ? 'met' : 'NOT met'];
      });
      const reasons = new Map<string, number>();
      for (const o of outcomes) if (o.failed) reasons.set(`${o.failed.step}: ${o.failed.why}`, (reasons.get(`${o.failed.step}: ${o.failed.why}`) ?? 0) + 1);
      const lines = [
        `## ${title}: ${count} students arriving at random over ${seconds} s`,
        table(['step', 'count', 'errors', 'p50', 'p95', 'p99', 'max', 'goal: 0 errors, p99 ≤ 1 s'], rows),
        `finished in ${wall.toFixed(1)} s` +
          (apps.length ? `; ${apps.length === 1 ? 'server' : 'servers'} used ${cpu.toFixed(1)} CPU-s (${Math.round((100 * cpu) / wall)}% of one core), resident memory ${rss} at the end` : ''),
      ];
      for (const [why, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8)) lines.push(`  ${n}× ${why}`);
      return lines.join('\n');
    } finally {
      await nginx?.stop();
      for (const app of apps) await app.stop();
      if (!db && !args.keep) await students.remove();
    }
  } finally {
    await db?.stop();
  }
}

if (!args.url) {
  console.error('building the app into .next-stress when its sources changed…');
  ensureBuild();
}
const setUp = args.url ? `against ${args.url}` : instances === 2 ? `two instances behind nginx on a fresh ${kind} database per scenario` : `fresh ${kind} database and server per scenario`;
const output = [`# quiz start — ${machineLine()}`, `${setUp}; students from ${args.xff ? 'distinct X-Forwarded-For addresses' : 'one address'}`];
output.push('', await scenario('spread', over));
if (burst > 0) {
  // A deployment keeps its per-address sign-in count for a minute: let it pass first.
  if (args.url) {
    console.error('waiting 61 s for the per-address sign-in window of the first scenario to pass…');
    await sleep(61_000);
  }
  output.push('', await scenario('burst', burst));
}
console.log(output.join('\n'));
process.exit(0);
