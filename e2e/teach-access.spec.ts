/**
 * The instructor views' access matrix over HTTP (issue #7), discovered rather than listed so
 * that pages, route handlers and server actions added later are covered without editing
 * this file:
 *
 * - every `app/teach/[course]/**∕page.tsx` and `route.ts`, dynamic segments filled with real
 *   values (course `curvature`, an exercise key and lesson from the content, the demo
 *   student's user id from the e2e database): signed out → a redirect to /sign-in (pages) or
 *   401 (route handlers); the demo student → 403 with none of the instructor's data in the
 *   body (HTML and RSC payload); the demo instructor → 200;
 * - every server action exported from `server/actions/teach-*.ts`, found by id in the
 *   build's server-reference-manifest.json, called as the demo student and signed out with
 *   several plausible argument shapes: each must answer with a refusal, and the database
 *   must be exactly as before. The number of actions found must be at least the number of
 *   exported async functions a regex counts in those files, so a broken discovery fails.
 *
 * A new dynamic segment name needs a value in `segmentValue` below (the test says so).
 */
import { test, expect, request as playwrightRequest, type APIRequestContext, type APIResponse } from '@playwright/test';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadCourse } from '@/lib/content/load';
import { BASE_URL } from '../playwright.config';

const COURSE = 'curvature';
const INSTRUCTOR = { email: 'instructor@example.com', password: 'curvature-instructor', name: 'Demo Instructor' };
const STUDENT = { email: 'student@example.com', password: 'curvature-student' };
const TEACH_DIR = path.resolve('app', 'teach', '[course]');
const DB_FILE = path.resolve('data', 'e2e', 'curvature.db');
const MANIFEST = path.resolve(process.env.CURVATURE_DIST_DIR || '.next', 'server', 'server-reference-manifest.json');
const ACTIONS_DIR = path.resolve('server', 'actions');
/** What requireStaffAction answers a signed-in user who does not teach the course. */
const FORBIDDEN_TEXT = 'Only an instructor of this course may do that.';

// ─── discovery (from the source tree, at collection time) ─────────────────────

interface Route {
  kind: 'page' | 'route';
  /** e.g. /teach/[course]/gradebook/[exercise] */
  pattern: string;
  file: string;
  /** HTTP methods a route handler exports (pages: GET). */
  methods: string[];
}

/** Every page and route handler under app/teach/[course], as URL patterns. */
function discoverRoutes(): Route[] {
  const found: Route[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // Private folders (_x) and intercepting routes ((.)x) are not URLs of their own;
        // route groups ((x)) and parallel-route slots (@x) add no URL segment.
        if (entry.name.startsWith('_') || /^\(\.+\)/.test(entry.name)) continue;
        const adds = /^\(.*\)$/.test(entry.name) || entry.name.startsWith('@') ? [] : [entry.name];
        walk(full, [...segments, ...adds]);
      } else if (/^page\.(tsx|ts|jsx|js|mdx|md)$/.test(entry.name)) {
        found.push({ kind: 'page', pattern: `/teach/[course]${segments.map((s) => `/${s}`).join('')}`, file: full, methods: ['GET'] });
      } else if (/^route\.(ts|js)$/.test(entry.name)) {
        const source = fs.readFileSync(full, 'utf8');
        const methods = [...source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)].map((m) => m[1]);
        found.push({ kind: 'route', pattern: `/teach/[course]${segments.map((s) => `/${s}`).join('')}`, file: full, methods: [...new Set(methods)] });
      }
    }
  };
  walk(TEACH_DIR, []);
  return found.sort((a, b) => a.pattern.localeCompare(b.pattern) || a.kind.localeCompare(b.kind));
}

/** The exported async functions of server/actions/teach-*.ts, counted with a regex. */
function exportedActions(): { file: string; name: string }[] {
  return fs
    .readdirSync(ACTIONS_DIR)
    .filter((f) => /^teach-.*\.(ts|tsx)$/.test(f))
    .flatMap((f) => {
      const source = fs.readFileSync(path.join(ACTIONS_DIR, f), 'utf8');
      const names = [
        ...source.matchAll(/export\s+async\s+function\s+([A-Za-z_$][\w$]*)/g),
        ...source.matchAll(/export\s+const\s+([A-Za-z_$][\w$]*)\s*=\s*async\b/g),
      ].map((m) => m[1]);
      return names.map((name) => ({ file: `server/actions/${f}`, name }));
    });
}

const ROUTES = discoverRoutes();

// ─── real values for dynamic segments ─────────────────────────────────────────

interface Values {
  exerciseKey: string;
  lessonSlug: string;
  studentId: string;
  instructorId: string;
}

let values: Values;

/** The value for a dynamic segment named `name` (without brackets and dots). */
function segmentValue(name: string): string {
  const n = name.toLowerCase();
  if (n === 'course' || n === 'courseslug') return COURSE;
  if (n.includes('exercise') || n === 'key') return values.exerciseKey;
  if (n.includes('lesson')) return values.lessonSlug;
  if (n.includes('user') || n.includes('student') || n.includes('member')) return values.studentId;
  // An assessment definition of the demo course (content/curvature/assessments/).
  if (n.includes('assessment')) return 'homework-1';
  throw new Error(`e2e/teach-access.spec.ts has no value for the dynamic segment [${name}]: add one to segmentValue`);
}

/** A URL pattern with its dynamic segments filled in. */
function fill(pattern: string): string {
  return pattern
    .split('/')
    .flatMap((s) => {
      if (/^\[\[\.\.\..+\]\]$/.test(s)) return []; // optional catch-all: left empty
      const m = /^\[(?:\.\.\.)?(.+)\]$/.exec(s);
      return [m ? encodeURIComponent(segmentValue(m[1])) : s];
    })
    .join('/');
}

/** A hash of every table the app's users change (sessions and rate-limit counters left out). */
function databaseState(): string {
  const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[])
      .map((t) => t.name)
      .filter((t) => !['session', 'verification', 'rateLimit', '_prisma_migrations'].includes(t));
    const hash = createHash('sha256');
    for (const t of tables) {
      const rows = db.prepare(`SELECT * FROM "${t.replace(/"/g, '""')}" ORDER BY rowid`).all();
      hash.update(`${t}:${JSON.stringify(rows)}\n`);
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

// ─── sessions ─────────────────────────────────────────────────────────────────

let anonymous: APIRequestContext;
let student: APIRequestContext;
let instructor: APIRequestContext;

async function signedIn(who: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL: BASE_URL });
  const res = await context.post('/api/auth/sign-in/email', { data: { email: who.email, password: who.password }, headers: { origin: BASE_URL } });
  expect(res.status(), `sign-in of ${who.email}`).toBe(200);
  return context;
}

test.beforeAll(async () => {
  const course = await loadCourse(path.resolve('content', COURSE));
  const lesson = course.lessons.find((l) => l.exercises.length > 0)!;
  const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
  const idOf = (email: string) => (db.prepare('SELECT id FROM "user" WHERE email = ?').get(email) as { id: string } | undefined)?.id;
  values = { exerciseKey: lesson.exercises[0].key, lessonSlug: lesson.slug, studentId: idOf(STUDENT.email)!, instructorId: idOf(INSTRUCTOR.email)! };
  db.close();
  expect(values.studentId, 'the demo student is in the e2e database').toBeTruthy();
  anonymous = await playwrightRequest.newContext({ baseURL: BASE_URL });
  student = await signedIn(STUDENT);
  instructor = await signedIn(INSTRUCTOR);
});

test.afterAll(async () => {
  await Promise.all([anonymous?.dispose(), student?.dispose(), instructor?.dispose()]);
});

/** Strings in an instructor's view that a student must never receive: other people's emails and the instructor's name and nav. */
function instructorOnly(instructorBody: string): string[] {
  const emails = new Set(instructorBody.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g) ?? []);
  emails.delete(STUDENT.email);
  return [...emails, INSTRUCTOR.email, INSTRUCTOR.name, 'aria-label="Instructor"', 'Teaching '];
}

/** GET without following redirects. */
const get = (ctx: APIRequestContext, url: string, headers: Record<string, string> = {}) => ctx.get(url, { maxRedirects: 0, headers });

/** The instructor's response, following redirects that stay under /teach/<course>/ (like /teach/<course> → gradebook). */
async function instructorView(url: string): Promise<{ res: APIResponse; url: string }> {
  let current = url;
  for (let hops = 0; hops < 3; hops++) {
    const res = await get(instructor, current);
    const location = res.headers()['location'];
    if (res.status() < 300 || res.status() >= 400 || !location) return { res, url: current };
    const next = new URL(location, BASE_URL);
    expect(next.pathname, `${current} redirects the instructor within the course's views`).toMatch(new RegExp(`^/teach/${COURSE}(/|$)`));
    current = next.pathname + next.search;
  }
  throw new Error(`too many redirects from ${url}`);
}

// ─── pages and route handlers ─────────────────────────────────────────────────

test('the discovery finds the instructor views', () => {
  const patterns = ROUTES.map((r) => `${r.kind} ${r.pattern}`);
  console.log(`teach routes covered (${patterns.length}):\n  ${patterns.join('\n  ')}`);
  expect(patterns).toContain('page /teach/[course]');
  expect(patterns).toContain('page /teach/[course]/roster');
});

for (const route of ROUTES.filter((r) => r.kind === 'page')) {
  test(`page ${route.pattern}: sign-in redirect, 403 for a student, 200 for the instructor`, async () => {
    const url = fill(route.pattern);

    const out = await get(anonymous, url);
    expect([302, 303, 307, 308], `${url} signed out`).toContain(out.status());
    const to = new URL(out.headers()['location'] ?? '', BASE_URL);
    expect(to.pathname, `${url} signed out goes to sign-in`).toBe('/sign-in');
    // The course layout checks first, so `next` may be the course's root rather than this page.
    expect(url.startsWith(to.searchParams.get('next') ?? '\u0000'), `${url} signed out: next=${to.searchParams.get('next')}`).toBe(true);
    expect(to.searchParams.get('next')).toMatch(new RegExp(`^/teach/${COURSE}(/|$)`));

    const mine = await instructorView(url);
    expect(mine.res.status(), `${mine.url} for the instructor`).toBe(200);
    const secrets = instructorOnly(await mine.res.text());

    for (const headers of [{}, { RSC: '1' }] as Record<string, string>[]) {
      // An RSC request first gets a redirect to the same URL with its cache-busting _rsc parameter.
      const res = 'RSC' in headers ? await student.get(url, { headers, maxRedirects: 2 }) : await get(student, url);
      const body = await res.text();
      const what = `${url} for the student${'RSC' in headers ? ' (RSC payload)' : ''}`;
      expect(new URL(res.url()).pathname, what).toBe(url);
      if ('RSC' in headers) {
        // Next.js may answer a client-side navigation 200 with the 403 as an error in the
        // payload (the browser then shows app/forbidden.tsx); what matters is what it holds.
        expect([200, 403], what).toContain(res.status());
        expect(body, what).toContain('NEXT_HTTP_ERROR_FALLBACK;403');
      } else {
        expect(res.status(), what).toBe(403);
        // The 403 page (app/forbidden.tsx), in the HTML or in the RSC payload the browser renders it from.
        expect(body, what).toContain('Only an instructor of this course can open this page.');
      }
      expect(secrets.filter((s) => body.includes(s)), `${what} leaks instructor data`).toEqual([]);
    }
  });
}

for (const route of ROUTES.filter((r) => r.kind === 'route')) {
  test(`route ${route.pattern}: 401 signed out, 403 for a student, 200 for the instructor`, async () => {
    const url = fill(route.pattern);
    expect(route.methods.length, `${route.file} exports at least one HTTP method`).toBeGreaterThan(0);
    for (const method of route.methods) {
      const call = (ctx: APIRequestContext) => ctx.fetch(url, { method, maxRedirects: 0, headers: { origin: BASE_URL } });
      expect((await call(anonymous)).status(), `${method} ${url} signed out`).toBe(401);
      const refused = await call(student);
      expect(refused.status(), `${method} ${url} for the student`).toBe(403);
      const body = await refused.text();
      expect(body).not.toContain(INSTRUCTOR.email);
      if (method === 'GET') {
        const ok = await call(instructor);
        expect(ok.status(), `GET ${url} for the instructor`).toBe(200);
        const secrets = instructorOnly(await ok.text());
        expect(secrets.filter((s) => body.includes(s)), `GET ${url} for the student leaks instructor data`).toEqual([]);
      }
    }
  });
}

// ─── server actions ───────────────────────────────────────────────────────────

interface ManifestEntry {
  workers: Record<string, unknown>;
  filename?: string;
  exportedName?: string;
}

/** The teach-* actions in the build: id, module, name, and a page that can run them. */
function builtActions(): { id: string; file: string; name: string; page: string }[] {
  const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as { node: Record<string, ManifestEntry> };
  return Object.entries(manifest.node)
    .filter(([, e]) => e.filename && /^server\/actions\/teach-[^/]+$/.test(e.filename))
    .map(([id, e]) => {
      // POST to a page whose bundle holds the action (a /teach page when there is one).
      const workers = Object.keys(e.workers).filter((w) => /^app\/.*\/page$/.test(w) || w === 'app/page');
      const worker = workers.find((w) => w.startsWith('app/teach/')) ?? workers[0];
      const page = worker ? fill(worker.replace(/^app/, '').replace(/\/page$/, '').replace(/\/\([^/]*\)/g, '') || '/') : '/';
      return { id, file: e.filename!, name: e.exportedName ?? '?', page };
    });
}

/** Form fields an instructor action might read; every value is real enough to act on if the action did not refuse. */
function plausibleFields(): Record<string, string> {
  return {
    course: COURSE,
    courseSlug: COURSE,
    userId: values.studentId,
    studentId: values.studentId,
    user: values.studentId,
    role: 'instructor',
    exercise: values.exerciseKey,
    exerciseKey: values.exerciseKey,
    key: values.exerciseKey,
    lesson: values.lessonSlug,
    lessonSlug: values.lessonSlug,
    email: 'access-matrix@example.com',
    csv: `access-matrix@example.com\n${STUDENT.email},,instructor`,
    reason: 'access matrix test',
    dueAt: '2031-01-01T12:00',
    attempts: '7',
    reveal: 'always',
    invitationId: 'x',
    attemptId: 'x',
    runId: 'x',
    score: '1',
    confirm: 'on',
  };
}

type ActionBody = { multipart: FormData } | { data: string };

/**
 * React's reply encoding of (…args) with a FormData argument: its fields prefixed "_1_", then
 * the arguments array in field "0" with "$K1" standing for the FormData. "0" must come last,
 * as the browser sends it: the server decodes it as soon as it arrives.
 */
function formDataReply(args: unknown[], fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(`_1_${k}`, v);
  form.append('0', JSON.stringify(args));
  return form;
}

/** The request bodies tried for each action: (state, FormData), (FormData), ({…}), ('curvature', {…}) and strict objects some actions take. */
function argumentShapes(): { label: string; body: ActionBody }[] {
  const fields = plausibleFields();
  return [
    { label: '(state, FormData)', body: { multipart: formDataReply([{ status: 'idle', message: '' }, '$K1'], fields) } },
    { label: '(FormData)', body: { multipart: formDataReply(['$K1'], fields) } },
    { label: '({ … })', body: { data: JSON.stringify([fields]) } },
    { label: "('curvature', { … })", body: { data: JSON.stringify([COURSE, fields]) } },
    // Actions with a strict input object (extra keys refused before the access check):
    // the exact keys they take. Add a shape here when a new action needs one.
    { label: '({ course, exercise, seed, answer })', body: { data: JSON.stringify([{ course: COURSE, exercise: values.exerciseKey, seed: 1, answer: '0' }]) } },
    // The lesson editor's actions (server/actions/teach-content.ts).
    { label: '({ course })', body: { data: JSON.stringify([{ course: COURSE }]) } },
    { label: '({ course, lesson, source })', body: { data: JSON.stringify([{ course: COURSE, lesson: 'hessian', source: '# Changed' }]) } },
    { label: '({ course, lesson, source, baseHash })', body: { data: JSON.stringify([{ course: COURSE, lesson: 'hessian', source: '# Changed', baseHash: null }]) } },
    { label: '({ course, lesson, editId, baseHash })', body: { data: JSON.stringify([{ course: COURSE, lesson: 'hessian', editId: 'x', baseHash: null }]) } },
    { label: '({ course, tag, seed, answer })', body: { data: JSON.stringify([{ course: COURSE, tag: '<Exercise id="t" kind="number" answer="1" />', seed: 1, answer: '1' }]) } },
  ];
}

async function callAction(ctx: APIRequestContext, action: { id: string; page: string }, body: ActionBody): Promise<APIResponse> {
  const headers: Record<string, string> = { 'next-action': action.id, origin: BASE_URL, accept: 'text/x-component' };
  if ('data' in body) headers['content-type'] = 'text/plain;charset=UTF-8';
  return ctx.post(action.page, { headers, maxRedirects: 0, ...body });
}

test('every teach-* server action refuses the student and the signed-out, and changes nothing', async () => {
  test.setTimeout(180_000);
  const exported = exportedActions();
  const built = builtActions();
  console.log(`teach server actions covered (${built.length}): ${built.map((a) => `${a.file}#${a.name}`).join(', ')}`);
  // Discovery must find every exported action: at least as many as the regex counts, each by name.
  expect(exported.length, 'server/actions/teach-*.ts export actions').toBeGreaterThanOrEqual(4);
  expect(built.length).toBeGreaterThanOrEqual(exported.length);
  const builtNames = new Set(built.map((a) => `${a.file}#${a.name}`));
  expect(exported.filter((e) => !builtNames.has(`${e.file}#${e.name}`)), 'exported actions missing from the build manifest').toEqual([]);

  // The hand-made request encoding reaches an action past its access check: the instructor
  // cancelling an invitation that does not exist gets the roster's own "no such invitation".
  const cancel = built.find((a) => a.file === 'server/actions/teach-roster.ts' && a.name === 'cancelInvitation');
  expect(cancel, 'the roster’s cancelInvitation action is in the build').toBeTruthy();
  const probe = await callAction(instructor, cancel!, argumentShapes()[0].body);
  expect(probe.status()).toBe(200);
  expect(await probe.text()).toContain('There is no such invitation in this course');

  const before = databaseState();
  const problems: string[] = [];
  for (const action of built) {
    for (const [who, ctx, refusal] of [
      ['student', student, new RegExp(`${FORBIDDEN_TEXT}|Only an instructor|"status":"forbidden"`, 'i')],
      ['signed out', anonymous, /Sign in first|"status":"signed-out"/i],
    ] as const) {
      let refusedOnce = false;
      for (const shape of argumentShapes()) {
        const res = await callAction(ctx, action, shape.body);
        const text = await res.text();
        if (res.status() === 404 && /not found/i.test(text) && /action/i.test(text)) problems.push(`${action.name}: the server did not find the action at ${action.page}`);
        if (refusal.test(text)) refusedOnce = true;
        // A plain form action (no state to answer in) sends the signed-out to the sign-in page.
        if (who === 'signed out' && /^\/sign-in\?next=/.test(res.headers()['x-action-redirect'] ?? '')) refusedOnce = true;
        if (text.includes(INSTRUCTOR.email)) problems.push(`${action.name} ${shape.label} as ${who}: the response holds the instructor's email`);
      }
      if (!refusedOnce) problems.push(`${action.file}#${action.name} as ${who}: no argument shape got a refusal (add the shape it expects to argumentShapes)`);
      expect(databaseState(), `the database after ${action.name} as ${who}`).toBe(before);
    }
  }
  expect(problems).toEqual([]);
});
