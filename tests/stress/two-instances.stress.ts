/**
 * Two app instances behind nginx on one PostgreSQL database, the set-up of
 * deploy/nginx/curvature.conf, run as it is (tests/support/nginx.ts).
 *
 * Both instances share AUTH_SECRET and have BASE_URL = the nginx address. Checked:
 *  - nginx sends requests to both (round robin), and plain HTTP is redirected to HTTPS;
 *  - sign-up and sign-in through nginx; the session works through nginx and on each
 *    instance directly;
 *  - one submission sent 20 times at once, spread over both instances, is stored once;
 *  - what one instance writes the other reads: a submission, and a regrade applied by an
 *    instructor through one instance;
 *  - the per-account sign-in limit counts attempts on both instances together.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@/server/db/client';
import type { ExerciseData } from '@/server/db/seed';
import type { ExerciseState, LessonView } from '@/server/wire';
import { actionIds, Client, freePort, startApp, type AppServer } from '@/tests/support/app';
import { prepareNginx, type Nginx } from '@/tests/support/nginx';
import { startPostgres, type TempPostgres } from '@/tests/support/pg';
import {
  COURSE,
  enrol,
  HESSIAN_LESSON,
  lessonExercises,
  newKey,
  oneEntryOff,
  openDatabase,
  rightAnswer,
  signUpStudents,
  submit,
  type Submitted,
} from './helpers';

// The certificate is our own self-signed one; this test process (only) accepts it.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

const INSTRUCTOR = { email: 'instructor@example.com', password: 'curvature-instructor' };

let pg: TempPostgres;
let a: AppServer;
let b: AppServer;
let nginx: Nginx;
let publicUrl: string;
let httpUrl: string;
let prisma: PrismaClient;
let hessian: ExerciseData;

const upstreamOf = (app: AppServer) => `127.0.0.1:${app.port}`;

beforeAll(async () => {
  const [portA, portB] = [await freePort(), await freePort()];
  nginx = await prepareNginx([portA, portB]);
  publicUrl = nginx.publicUrl;
  httpUrl = nginx.httpUrl;
  pg = await startPostgres({ database: 'two_instances' });
  prisma = openDatabase(pg.url);
  // One database step, then two instances with the same secret and public URL (startApp
  // gives every instance the same AUTH_SECRET).
  a = await startApp({ databaseUrl: pg.url, port: portA, baseUrl: publicUrl });
  b = await startApp({ databaseUrl: pg.url, port: portB, baseUrl: publicUrl, prepare: false });
  await nginx.start();
  hessian = (await lessonExercises(HESSIAN_LESSON)).find((e) => e.key === 'hessian-at-point')!;
});

afterAll(async () => {
  await nginx?.stop();
  await a?.stop();
  await b?.stop();
  await prisma?.$disconnect();
  await pg?.stop();
});

const servedBy = () => nginx.servedBy();

/** A lesson's exercise states through `client` (checks the call worked). */
async function lessonState(client: Client): Promise<ExerciseState[]> {
  const res = await client.lessonState(COURSE, HESSIAN_LESSON);
  expect(res.status, res.body.slice(0, 300)).toBe(200);
  const view = res.value as LessonView;
  expect(view.status).toBe('ok');
  return (view as Extract<LessonView, { status: 'ok' }>).exercises;
}

/** The signed-in user's email as better-auth reports it, or null. */
async function sessionEmail(client: Client): Promise<string | null> {
  const res = await client.request('/api/auth/get-session');
  expect(res.status).toBe(200);
  const body = (await res.json()) as { user?: { email?: string } } | null;
  return body?.user?.email ?? null;
}

type Graded = Extract<Submitted['outcome'], { status: 'graded' }>;

describe('two instances behind nginx on one PostgreSQL', () => {
  it('nginx spreads requests over both instances, and sends plain HTTP to HTTPS', async () => {
    const before = servedBy().length;
    for (let i = 0; i < 6; i++) expect((await fetch(`${publicUrl}/api/health`)).status).toBe(200);
    const upstreams = new Set(servedBy().slice(before).map((r) => r.upstream));
    expect(upstreams).toEqual(new Set([upstreamOf(a), upstreamOf(b)]));
    const plain = await fetch(`${httpUrl}/dashboard`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toMatch(/^https:\/\/127\.0\.0\.1\/dashboard$/);
  });

  it('signs up and in through nginx; the session works through nginx and on each instance directly', async () => {
    const [student] = await signUpStudents(publicUrl, 1, 'nginx');
    expect(student.client.signedIn()).toBe(true);
    await enrol(prisma, [student.id]);

    const browser = new Client(publicUrl);
    const signIn = await browser.signIn(student.email, student.password);
    expect(signIn.status).toBe(200);
    expect(browser.signedIn()).toBe(true);

    const before = servedBy().length;
    for (let i = 0; i < 4; i++) {
      expect(await sessionEmail(browser)).toBe(student.email);
      expect((await lessonState(browser)).map((e) => e.key)).toContain(hessian.key);
    }
    expect(new Set(servedBy().slice(before).map((r) => r.upstream))).toEqual(new Set([upstreamOf(a), upstreamOf(b)]));

    // The same cookies, sent to each instance without nginx.
    for (const app of [a, b]) {
      const direct = browser.sharingCookies(app.url);
      expect(await sessionEmail(direct)).toBe(student.email);
      expect((await lessonState(direct)).length).toBeGreaterThan(0);
    }
    // Without the cookies nobody is signed in (so the checks above can fail).
    expect(await sessionEmail(new Client(publicUrl))).toBeNull();
    const anonymous = await new Client(publicUrl).lessonState(COURSE, HESSIAN_LESSON);
    expect(anonymous.status).toBe(401);
    expect((anonymous.value as { status: string }).status).toBe('signed-out');
    const unsigned = await new Client(publicUrl).submit({ course: COURSE, exercise: hessian.key, answer: '[1, 0; 0, 1]', idempotencyKey: newKey() });
    expect([unsigned.status, (unsigned.value as { status: string }).status]).toEqual([401, 'signed-out']);
  });

  it('stores one attempt when 20 copies of a submission race over both instances', async () => {
    const [student] = await signUpStudents(publicUrl, 1, 'race');
    await enrol(prisma, [student.id]);
    const key = newKey();
    const answer = rightAnswer(hessian, student.id);
    const viaA = student.client.sharingCookies(a.url);
    const viaB = student.client.sharingCookies(b.url);
    // 7 straight to A, 7 straight to B, 6 through nginx (which alternates): all at once.
    const clients = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? viaA : i % 3 === 1 ? viaB : student.client));
    const copies = await Promise.all(clients.map((c) => submit(c, hessian.key, answer, key)));
    expect(copies.map((c) => c.status)).toEqual(Array(20).fill(200));
    const outcomes = copies.map((c) => c.outcome as Graded);
    expect(outcomes.map((o) => o.status)).toEqual(Array(20).fill('graded'));
    expect(new Set(outcomes.map((o) => o.result.id)).size).toBe(1);
    expect(outcomes.filter((o) => !o.repeated)).toHaveLength(1);
    expect(outcomes[0].result.correct).toBe(true);
    expect(await prisma.attempt.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  it('reads on one instance what the other wrote: a submission, and a regrade', async () => {
    const [student] = await signUpStudents(publicUrl, 1, 'regrade');
    await enrol(prisma, [student.id]);
    const viaA = student.client.sharingCookies(a.url);
    const viaB = student.client.sharingCookies(b.url);

    // Submitted on A (one entry of the 2×2 Hessian off by 1: score 3/4), seen on B.
    const sent = await submit(viaA, hessian.key, oneEntryOff(hessian, student.id), newKey());
    const first = sent.outcome as Graded;
    expect(first.status).toBe('graded');
    expect(first.result.score).toBe(0.75);
    const onB = (await lessonState(viaB)).find((e) => e.key === hessian.key)!;
    expect(onB.attemptsUsed).toBe(1);
    expect(onB.last?.id).toBe(first.result.id);
    expect(onB.bestScore).toBe(0.75);

    // The exercise's tolerance is widened (as a content update would: atol 1.5 accepts an
    // entry that is 1 off), and the instructor applies a regrade through instance A.
    const row = await prisma.exercise.findFirstOrThrow({ where: { key: hessian.key, course: { slug: COURSE } } });
    await prisma.exercise.update({ where: { id: row.id }, data: { spec: { ...(row.spec as object), atol: 1.5 }, specHash: `${row.specHash}-widened` } });
    const instructor = new Client(publicUrl);
    expect((await instructor.signIn(INSTRUCTOR.email, INSTRUCTOR.password)).status).toBe(200);
    const applyRegrade = actionIds().get('server/actions/teach-manage.ts#applyRegrade');
    expect(applyRegrade, 'the applyRegrade server action').toBeDefined();
    const run = await instructor.sharingCookies(a.url).action(applyRegrade!, [COURSE, { exerciseKey: hessian.key, reason: 'wider tolerance' }], `/teach/${COURSE}/regrade`);
    expect(run.status, run.body.slice(0, 300)).toBe(200);
    expect(run.value).toMatchObject({ status: 'done', report: { status: 'ok' } });

    // Instance B shows the regraded result at once (nothing was cached in A's memory or B's).
    const after = (await lessonState(viaB)).find((e) => e.key === hessian.key)!;
    expect(after.last?.id).toBe(first.result.id);
    expect(after.last?.score).toBe(1);
    expect(after.last?.correct).toBe(true);
    expect(after.status).toBe('correct');
    // And a new submission, now on A, is refused: the exercise counts as answered.
    const late = await submit(viaA, hessian.key, rightAnswer(hessian, student.id), newKey());
    expect(late.outcome?.status).toBe('closed');
  });

  it('counts one account’s failed sign-ins from one address on both instances together', async () => {
    const [student] = await signUpStudents(publicUrl, 1, 'limit');
    const guesser = new Client(publicUrl);
    const before = servedBy().length;
    const statuses: number[] = [];
    // Five tries per account and address go through, whichever instance gets them; the next
    // must wait a second after the fifth. nginx alternates, so both instances see some.
    for (let i = 0; i < 7; i++) statuses.push((await guesser.signIn(student.email, `wrong-password-${i}`)).status);
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(401));
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(new Set(servedBy().slice(before).filter((r) => r.uri === '/api/auth/sign-in/email').map((r) => r.upstream))).toEqual(new Set([upstreamOf(a), upstreamOf(b)]));
  });
});
