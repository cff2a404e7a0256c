/**
 * Crash safety and duplicate submits on SQLite, through HTTP against the production build.
 *
 * Crash: students submit concurrently (a new idempotency key each time) while the server is
 * killed with SIGKILL. Every submission answered `graded` must be in the database after a
 * restart on the same file, once; retrying the unanswered ones with their keys must never
 * store a second copy.
 *
 * Why an acknowledged write survives the kill: the app runs SQLite in WAL mode with
 * synchronous = NORMAL. A commit appends its pages to the -wal file with write() before
 * the insert returns (the fsync is deferred to checkpoints), so once the response is sent
 * the data is in the operating system's page cache; killing the process cannot take it
 * back, and the next open replays the WAL. Losing power (or the kernel) before the next
 * checkpoint can lose the last commits — never corrupt the file — which is the trade of
 * synchronous = NORMAL; synchronous = FULL would fsync on every commit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@/server/db/client';
import type { ExerciseData } from '@/server/db/seed';
import { startApp, type AppServer } from '@/tests/support/app';
import {
  enrol,
  HESSIAN_LESSON,
  lessonExercises,
  newKey,
  oneEntryOff,
  openDatabase,
  rightAnswer,
  signUpStudents,
  sleep,
  submit,
  unlimitedAttempts,
  type Student,
  type Submitted,
} from './helpers';

const RATE_LIMIT_OFF = { CURVATURE_RATE_LIMIT: 'off' };

let dir: string;
let databaseUrl: string;
let app: AppServer | undefined;
let prisma: PrismaClient;
let students: Student[];
let hessian: ExerciseData[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-crash-'));
  databaseUrl = `file:${path.join(dir, 'curvature.db')}`;
  app = await startApp({ databaseUrl, env: RATE_LIMIT_OFF });
  prisma = openDatabase(databaseUrl);
  students = await signUpStudents(app.url, 24, 'crash');
  await enrol(
    prisma,
    students.map((s) => s.id),
  );
  // Wrong answers must never close an exercise, so every submission is graded and stored.
  await unlimitedAttempts(prisma, [HESSIAN_LESSON]);
  // The numeric Hessians of the lesson (an answer at a point, not a formula).
  hessian = (await lessonExercises(HESSIAN_LESSON)).filter((e) => (e.spec as { at?: unknown }).at !== undefined);
});

afterAll(async () => {
  await app?.stop();
  await prisma?.$disconnect();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Sent {
  student: Student;
  exercise: string;
  answer: string;
  key: string;
  result?: Submitted;
}

describe('a server killed with SIGKILL while submissions are in flight', () => {
  it('keeps every acknowledged submission exactly once, and retries never duplicate', async () => {
    expect(hessian.map((e) => e.key)).toEqual(expect.arrayContaining(['hessian-worked-example', 'hessian-at-point', 'hessian-three-variables']));
    const server = app!;
    const sent: Sent[] = [];
    let acknowledged = 0;
    let stop = false;
    // Each student submits one answer after another; 24 are in flight at any moment.
    const workers = students.map(async (student, s) => {
      for (let i = 0; !stop; i++) {
        const exercise = hessian[(s + i) % hessian.length];
        const item: Sent = { student, exercise: exercise.key, answer: oneEntryOff(exercise, student.id), key: newKey() };
        sent.push(item);
        item.result = await submit(student.client, item.exercise, item.answer, item.key);
        if (item.result.outcome?.status === 'graded') acknowledged++;
        else if (!stop && item.result.status !== 0) throw new Error(`unexpected answer before the kill: ${item.result.status} ${item.result.body.slice(0, 300)}`);
      }
    });
    const deadline = Date.now() + 20_000;
    while (acknowledged < 200 && Date.now() < deadline) await sleep(20);
    stop = true;
    await server.kill9();
    await Promise.all(workers);

    const acked = sent.filter((s) => s.result?.outcome?.status === 'graded');
    const unacked = sent.filter((s) => s.result?.outcome?.status !== 'graded');
    expect(acked.length).toBeGreaterThanOrEqual(200);
    // Requests were in flight when the server died: they got no answer at all.
    expect(unacked.length).toBeGreaterThan(0);
    expect(unacked.every((s) => s.result!.status === 0)).toBe(true);
    // Each was graded as one wrong entry in a matrix: 3 of 4 entries right in a 2×2
    // Hessian (score 0.75), 8 of 9 in the 3×3 one (0.888…).
    for (const s of acked) {
      const outcome = s.result!.outcome as Extract<Submitted['outcome'], { status: 'graded' }>;
      expect(outcome.repeated).toBe(false);
      expect(outcome.result.correct).toBe(false);
      const n = s.exercise === 'hessian-three-variables' ? 3 : 2;
      expect(outcome.result.score).toBeCloseTo((n * n - 1) / (n * n), 10);
    }

    // Restart on the same file and port, without re-running the database step.
    app = await startApp({ databaseUrl, port: server.port, env: RATE_LIMIT_OFF, prepare: false });
    const keys = sent.map((s) => s.key);
    const stored = await prisma.attempt.findMany({ where: { idempotencyKey: { in: keys } }, select: { id: true, idempotencyKey: true, answerText: true, score: true } });
    const byKey = new Map(stored.map((a) => [a.idempotencyKey, a]));
    expect(byKey.size).toBe(stored.length); // no key twice (the column is unique, too)
    for (const s of acked) {
      const row = byKey.get(s.key);
      expect(row, `acknowledged ${s.key} is missing after the restart`).toBeDefined();
      const outcome = s.result!.outcome as Extract<Submitted['outcome'], { status: 'graded' }>;
      expect(row!.id).toBe(outcome.result.id);
      expect(row!.answerText).toBe(s.answer);
    }
    // Some in-flight submissions may have been stored just before the kill, their answer lost.
    const storedButUnanswered = unacked.filter((s) => byKey.has(s.key)).length;
    expect(stored.length).toBe(acked.length + storedButUnanswered);
    console.log(`crash: ${acked.length} acknowledged, ${unacked.length} cut off by the kill (${storedButUnanswered} of them stored before it)`);

    // The browser retries what got no answer, with the same key (and the same session cookie).
    let repeated = 0;
    for (const s of unacked) {
      const again = await submit(s.student.client, s.exercise, s.answer, s.key);
      expect(again.status).toBe(200);
      expect(again.outcome?.status).toBe('graded');
      const outcome = again.outcome as Extract<Submitted['outcome'], { status: 'graded' }>;
      if (outcome.repeated) repeated++;
      // Retrying once more returns the same stored attempt.
      const third = await submit(s.student.client, s.exercise, s.answer, s.key);
      expect((third.outcome as typeof outcome).result.id).toBe(outcome.result.id);
      expect((third.outcome as typeof outcome).repeated).toBe(true);
    }
    expect(repeated).toBe(storedButUnanswered);
    const after = await prisma.attempt.groupBy({ by: ['idempotencyKey'], where: { idempotencyKey: { in: keys } }, _count: { _all: true } });
    expect(after.length).toBe(sent.length); // every submission stored...
    expect(after.every((g) => g._count._all === 1)).toBe(true); // ...once
    // Nothing else was stored for these students.
    expect(await prisma.attempt.count({ where: { userId: { in: students.map((s) => s.id) } } })).toBe(sent.length);
  });
});

describe('twenty copies of one submission at the same moment', () => {
  it('store one attempt, and every copy gets that attempt back', async () => {
    const server = app!;
    const exercise = hessian.find((e) => e.key === 'hessian-at-point')!;
    // Five students at once, each sending their right answer 20 times with one key: the
    // first stored copy closes the exercise (answered correctly), and the 19 others must
    // still get that attempt back, never "closed".
    const group = students.slice(0, 5);
    const runs = await Promise.all(
      group.map(async (student) => {
        const key = newKey();
        const answer = rightAnswer(exercise, student.id);
        const copies = await Promise.all(Array.from({ length: 20 }, () => submit(student.client, exercise.key, answer, key)));
        return { student, key, copies };
      }),
    );
    for (const { key, copies } of runs) {
      expect(copies.map((c) => c.status)).toEqual(Array(20).fill(200));
      const outcomes = copies.map((c) => c.outcome as Extract<Submitted['outcome'], { status: 'graded' }>);
      expect(outcomes.map((o) => o.status)).toEqual(Array(20).fill('graded'));
      expect(new Set(outcomes.map((o) => o.result.id)).size).toBe(1);
      expect(outcomes.filter((o) => !o.repeated)).toHaveLength(1);
      expect(outcomes.every((o) => o.result.correct && o.result.score === 1)).toBe(true);
      expect(await prisma.attempt.count({ where: { idempotencyKey: key } })).toBe(1);
    }
    // A new key after the correct answer is refused: the exercise is done.
    const late = await submit(group[0].client, exercise.key, rightAnswer(exercise, group[0].id), newKey());
    expect(late.outcome?.status).toBe('closed');
    expect(server.process.exitCode).toBeNull();
  });
});
