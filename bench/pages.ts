/**
 * Pages of the production build (.next-stress) on a fresh SQLite database with the demo
 * course and accounts:
 *
 *   1. first-load JavaScript per route: the scripts each page's HTML loads at start-up,
 *      gzipped, and how much that is beyond the build's empty (404) page — as the demo
 *      student for the student pages, as the demo instructor for /teach;
 *   2. server time of a lesson page, the dashboard and GET /api/lesson-state (which the
 *      lesson page's exercise cards fetch): one client, `--requests` (default 200) requests
 *      each after 20 to warm up, median / p99 / max.
 *
 *   npm run bench:pages -- [--requests 200]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_ACCOUNTS } from '@/server/db/seed';
import { Client, ensureBuild, ROOT, startApp, type AppServer } from '@/tests/support/app';
import { machineLine } from './lib/machine';
import { kb, pageScripts, total } from './lib/page-weight';
import { benchDatabase, cookieHeader } from './lib/setup';
import { ms, summarize, table } from './lib/stats';

const { values: args } = parseArgs({ options: { requests: { type: 'string', default: '200' } } });
const requests = Number(args.requests);
if (!(requests >= 1 && requests <= 10_000)) throw new Error('--requests must be 1–10000');

const COURSE = 'curvature';
const lessons = (JSON.parse(fs.readFileSync(path.join(ROOT, 'content', COURSE, 'course.json'), 'utf8')) as { lessons: string[] }).lessons;
const TEACH = ['', '/gradebook', '/misconceptions', '/preview', '/regrade', '/settings', '/roster', '/edit', '/edit/gradients'].map((p) => `/teach/${COURSE}${p}`);

/** A client signed in as a demo account (it keeps its cookies up to date, as a browser does). */
async function signIn(base: string, role: 'student' | 'instructor'): Promise<{ client: Client; cookie: string }> {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
  const client = new Client(base);
  const res = await client.signIn(account.email, account.password);
  if (res.status !== 200) throw new Error(`demo ${role} sign-in answered ${res.status}`);
  return { client, cookie: cookieHeader(res) };
}

/** `n` sequential timings of `fn` (ms), after 20 unrecorded warm-up calls. */
async function timeSequential(n: number, fn: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
}

console.error('building the app into .next-stress when its sources changed…');
ensureBuild();
const db = await benchDatabase('sqlite');
let app: AppServer | undefined;
const out: string[] = [`# pages — ${machineLine()}`];
try {
  app = await startApp({ databaseUrl: db.url });
  const base = app.url;
  const student = await signIn(base, 'student');
  const instructor = await signIn(base, 'instructor');

  console.error('first-load JavaScript per route…');
  const empty = await pageScripts(`${base}/no-such-page-for-page-weight`);
  const routes: [string, string | undefined][] = [
    ['/', undefined],
    ['/sign-in', undefined],
    ['/sign-up', undefined],
    ['/dashboard', student.cookie],
    ['/dashboard/history', student.cookie],
    ...lessons.map((l): [string, string] => [`/courses/${COURSE}/${l}`, student.cookie]),
    ...TEACH.map((p): [string, string] => [p, instructor.cookie]),
  ];
  const rows: (string | number)[][] = [['(empty 404 page)', empty.status, empty.sizes.size, kb(total(empty.sizes)), '—']];
  for (const [route, cookie] of routes) {
    const page = await pageScripts(`${base}${route}`, cookie ? { cookie } : {});
    // A redirect (e.g. /teach/<course> to its first view) loads no page of its own.
    if (page.status !== 200) rows.push([route, page.status, '—', '—', '—']);
    else rows.push([route, page.status, page.sizes.size, kb(total(page.sizes)), kb(total(page.sizes) - total(empty.sizes))]);
  }
  out.push('', '## First-load JavaScript (gzipped)', table(['route', 'status', 'scripts', 'total', 'beyond the empty page'], rows));

  console.error('server time, one client…');
  const lessonPath = `/courses/${COURSE}/hessian`;
  const get = (p: string) => async () => {
    const res = await student.client.request(p);
    await res.text();
    if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
  };
  const timings: [string, number[]][] = [
    [`GET ${lessonPath} (static lesson page)`, await timeSequential(requests, get(lessonPath))],
    ['GET /dashboard (dynamic, signed in)', await timeSequential(requests, get('/dashboard'))],
    [
      'GET /api/lesson-state (the lesson page’s exercise cards)',
      await timeSequential(requests, async () => {
        const r = await student.client.lessonState(COURSE, 'hessian');
        if ((r.value as { status?: string } | undefined)?.status !== 'ok') throw new Error(`/api/lesson-state answered ${r.status}`);
      }),
    ],
  ];
  out.push(
    '',
    `## Server time (one client, ${requests} requests each, after 20 to warm up)`,
    table(
      ['request', 'p50', 'p99', 'max'],
      timings.map(([label, t]) => {
        const s = summarize(t);
        return [label, ms(s.p50), ms(s.p99), ms(s.max)];
      }),
    ),
  );
} finally {
  await app?.stop();
  await db.stop();
}
console.log(out.join('\n'));
process.exit(0);
