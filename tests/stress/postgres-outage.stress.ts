/**
 * PostgreSQL goes away and comes back while students submit. The app runs on a throw-away
 * PostgreSQL server started with PostgreSQL's own durability settings (fsync and
 * synchronous commit on), which the test crashes (pg_ctl stop -m immediate: every
 * connection cut, no clean shutdown) and later starts again on the same port and data.
 *
 *  - before: submissions are graded and stored;
 *  - down: every submission fails fast (a few seconds at most) with an error response,
 *    never a 200 that claims it was stored; /api/health answers 503;
 *  - back: the same server process recovers by itself (no restart): health 200 and
 *    submissions graded again within seconds;
 *  - nothing acknowledged was lost, and retrying the failed submissions with their keys
 *    stores each once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@/server/db/client';
import type { ExerciseData } from '@/server/db/seed';
import { startApp, type AppServer } from '@/tests/support/app';
import { startPostgres, type TempPostgres } from '@/tests/support/pg';
import {
  enrol,
  HESSIAN_LESSON,
  lessonExercises,
  newKey,
  oneEntryOff,
  openDatabase,
  signUpStudents,
  sleep,
  submit,
  unlimitedAttempts,
  waitFor,
  type Student,
  type Submitted,
} from './helpers';

/** The longest a request may take while the database is down. */
const FAIL_FAST_MS = 5_000;

let pg: TempPostgres;
let app: AppServer;
let prisma: PrismaClient;
let students: Student[];
let exercise: ExerciseData;

beforeAll(async () => {
  pg = await startPostgres({ database: 'outage', durable: true });
  app = await startApp({ databaseUrl: pg.url, env: { CURVATURE_RATE_LIMIT: 'off' } });
  prisma = openDatabase(pg.url);
  students = await signUpStudents(app.url, 6, 'outage');
  await enrol(
    prisma,
    students.map((s) => s.id),
  );
  await unlimitedAttempts(prisma, [HESSIAN_LESSON]);
  exercise = (await lessonExercises(HESSIAN_LESSON)).find((e) => e.key === 'hessian-at-point')!;
});

afterAll(async () => {
  await app?.stop();
  await prisma?.$disconnect().catch(() => {});
  await pg?.stop();
});

interface Sent {
  student: Student;
  answer: string;
  key: string;
  phase: 'before' | 'down' | 'back';
  result: Submitted;
}

async function health(): Promise<{ status: number; ms: number; body: string }> {
  const started = performance.now();
  const res = await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(FAIL_FAST_MS * 2) });
  return { status: res.status, ms: performance.now() - started, body: await res.text() };
}

describe('a PostgreSQL server that crashes and comes back', () => {
  it('fails submissions fast and clearly while it is down, recovers without a restart, loses nothing acknowledged', async () => {
    const sent: Sent[] = [];
    const send = async (student: Student, phase: Sent['phase']) => {
      const answer = oneEntryOff(exercise, student.id);
      const key = newKey();
      const result = await submit(student.client, exercise.key, answer, key, FAIL_FAST_MS * 2);
      sent.push({ student, answer, key, phase, result });
      return result;
    };
    const graded = (r: Submitted) => r.status === 200 && r.outcome?.status === 'graded';
    const pid = app.process.pid;

    // Before: every submission is graded.
    for (const s of students) expect(graded(await send(s, 'before'))).toBe(true);
    expect((await health()).status).toBe(200);

    // Students keep submitting while the database crashes under them.
    let phase: Sent['phase'] = 'before';
    let stop = false;
    const workers = students.map(async (s) => {
      while (!stop) {
        await send(s, phase);
        await sleep(50);
      }
    });
    await sleep(500);
    phase = 'down';
    await pg.halt('immediate');
    await sleep(3_000);

    // Down: health says so, quickly; submissions fail, quickly, and never claim success.
    const h = await health();
    expect(h.status).toBe(503);
    expect(h.ms).toBeLessThan(FAIL_FAST_MS);
    expect(JSON.parse(h.body)).toMatchObject({ status: 'error', database: { provider: 'postgresql', reachable: false } });
    const during = await send(students[0], 'down');
    expect(graded(during)).toBe(false);
    expect(during.status).toBe(500);
    expect(during.ms).toBeLessThan(FAIL_FAST_MS);

    // Back: the same process serves again once PostgreSQL is up.
    await pg.resume();
    phase = 'back';
    expect(await waitFor(async () => (await health()).status === 200, 15_000)).toBe(true);
    expect(await waitFor(async () => graded(await send(students[1], 'back')), 15_000)).toBe(true);
    await sleep(500);
    stop = true;
    await Promise.all(workers);
    expect(app.process.pid).toBe(pid);
    expect(app.process.exitCode).toBeNull();

    const down = sent.filter((s) => s.phase === 'down');
    const failedDown = down.filter((s) => !graded(s.result));
    console.log(
      `outage: ${sent.length} submissions; while down ${down.length} (${failedDown.length} failed, statuses ${[...new Set(failedDown.map((s) => s.result.status))].join(', ')}, ` +
        `slowest ${Math.round(Math.max(...down.map((s) => s.result.ms)))} ms)`,
    );
    // While the server was down nothing was graded (a submission counted as 'down' may have
    // been sent just before the crash, so allow those that finished within its first moments).
    expect(failedDown.length).toBeGreaterThan(0);
    for (const s of failedDown) {
      expect(s.result.ms).toBeLessThan(FAIL_FAST_MS);
      expect(s.result.status === 0 || s.result.status >= 500).toBe(true);
    }

    // Nothing acknowledged was lost (an unacknowledged one may have been committed just
    // before the crash, its answer never sent).
    const acked = sent.filter((s) => graded(s.result));
    const stored = await prisma.attempt.findMany({ where: { idempotencyKey: { in: sent.map((s) => s.key) } }, select: { idempotencyKey: true } });
    const storedKeys = new Set(stored.map((a) => a.idempotencyKey));
    expect(acked.filter((s) => !storedKeys.has(s.key))).toEqual([]);

    // Retrying every failed submission with its key stores it once.
    for (const s of sent.filter((x) => !graded(x.result))) {
      const again = await submit(s.student.client, exercise.key, s.answer, s.key);
      expect(graded(again), again.body.slice(0, 200)).toBe(true);
    }
    const after = await prisma.attempt.groupBy({ by: ['idempotencyKey'], where: { idempotencyKey: { in: sent.map((s) => s.key) } }, _count: { _all: true } });
    expect(after.length).toBe(new Set(sent.map((s) => s.key)).size);
    expect(after.every((g) => g._count._all === 1)).toBe(true);
  });
});
