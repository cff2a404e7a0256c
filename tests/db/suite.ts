/**
 * The database tests every provider must pass; sqlite.test.ts and postgres.test.ts run
 * them on a temporary SQLite file and a throw-away PostgreSQL server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '@/server/auth';
import { verifyPassword } from '@/server/db/passwords';
import type { DatabaseConfig } from '@/server/db/config';
import { createPrisma, type PrismaClient } from '@/server/db/client';
import { applyMigrations, pendingMigrations, readMigrations } from '@/server/db/migrate';
import { createPasswordUser, DEMO_ACCOUNTS, seedDemo, syncCourse, type CourseData } from '@/server/db/seed';
import { ensureDatabase } from '@/server/db/ensure';

/** A small course written by hand (the content loader's shape). */
export function sampleCourse(): CourseData {
  return {
    slug: 'optim-101',
    title: 'Optimisation 101',
    lessons: [
      {
        slug: 'gradients',
        title: 'Gradients',
        position: 1,
        exercises: [
          {
            key: 'grad-cubic',
            kind: 'gradient',
            kindVersion: 1,
            spec: { kind: 'gradient', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'], at: [1, 2] },
            specHash: 'hash-grad-cubic-1',
            position: 1,
            settings: { attempts: 3, reveal: 'after-correct', tolerance: { rtol: 0.001, atol: 1e-6 } },
          },
        ],
      },
      {
        slug: 'hessians',
        title: 'Hessians',
        position: 2,
        exercises: [
          {
            key: 'hess-cubic',
            kind: 'hessian',
            kindVersion: 2,
            spec: { kind: 'hessian', f: '{a}*x^3 + y^3 + 2*x*y', vars: ['x', 'y'], at: [1, 2], params: { a: { int: [1, 5] } } },
            specHash: 'hash-hess-cubic-1',
            position: 1,
            settings: { attempts: 0, reveal: 'after-due' },
          },
          {
            key: 'definite',
            kind: 'definiteness',
            kindVersion: 1,
            spec: { kind: 'definiteness', matrix: [[6, 2], [2, 12]] },
            specHash: 'hash-definite-1',
            position: 2,
            settings: {},
          },
        ],
      },
    ],
  };
}

/** Row counts of every table the seed touches. */
async function counts(prisma: PrismaClient) {
  return {
    users: await prisma.user.count(),
    accounts: await prisma.account.count(),
    courses: await prisma.course.count(),
    lessons: await prisma.lesson.count(),
    exercises: await prisma.exercise.count(),
    enrollments: await prisma.enrollment.count(),
  };
}

/** The app's better-auth set-up (argon2id passwords, limits in the database) on `prisma`. */
function authOn(prisma: PrismaClient, provider: 'sqlite' | 'postgresql') {
  return createAuth({ prisma, provider, env: { BASE_URL: 'http://localhost:3999', AUTH_SECRET: 'test-secret-0123456789-0123456789-abcdef' } });
}

export interface Harness {
  db: DatabaseConfig;
  cleanup(): Promise<void>;
}

/** Registers the shared database tests; `setup` makes an empty database (called once). */
export function databaseSuite(name: string, setup: () => Promise<Harness>): void {
  describe(name, () => {
    let harness: Harness;
    let prisma: PrismaClient;

    beforeAll(async () => {
      harness = await setup();
    });
    afterAll(async () => {
      await prisma?.$disconnect();
      await harness?.cleanup();
    });

    it('applies every migration to an empty database, then none on a second run', async () => {
      const { migrationDirectories } = await readMigrations(harness.db.provider);
      const all = migrationDirectories.map((m) => m.path);
      expect(all.length).toBeGreaterThan(0);
      expect(all.every((n) => /^\d{14}_[a-z0-9_]+$/.test(n))).toBe(true);

      expect(await pendingMigrations(harness.db)).toEqual(all);
      expect(await applyMigrations(harness.db)).toEqual(all);
      expect(await applyMigrations(harness.db)).toEqual([]);
      expect(await pendingMigrations(harness.db)).toEqual([]);
      prisma = createPrisma(harness.db);
    });

    it('stores a user with a better-auth password hash and an attempt, and reads them back', async () => {
      const userId = await createPasswordUser(prisma, { email: 'Ada@Example.com', name: 'Ada', password: 'correct horse battery' });
      const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, include: { accounts: true } });
      expect(user.email).toBe('ada@example.com');
      expect(user.role).toBe('student');
      expect(user.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(user.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
      expect(user.accounts).toHaveLength(1);
      const hash = user.accounts[0].password!;
      expect(user.accounts[0].providerId).toBe('credential');
      expect(hash).not.toContain('correct horse');
      expect(await verifyPassword({ hash, password: 'correct horse battery' })).toBe(true);
      expect(await verifyPassword({ hash, password: 'correct horse batterY' })).toBe(false);

      await syncCourse(prisma, sampleCourse());
      const exercise = await prisma.exercise.findFirstOrThrow({ where: { key: 'hess-cubic' } });
      const created = await prisma.attempt.create({
        data: {
          userId,
          exerciseId: exercise.id,
          seed: 2_147_483_647,
          specHash: exercise.specHash,
          graderVersion: 2,
          answerText: '[6, 2; 2, 11]',
          parsed: [[6, 2], [2, 11]],
          score: 0.75,
          correct: false,
          entries: [
            { index: [0, 0], correct: true },
            { index: [1, 1], correct: false },
          ],
          feedback: ['Entry (2, 2) is not right.'],
          diagnosisId: 'forgot-factor',
          idempotencyKey: 'key-1',
        },
      });
      const back = await prisma.attempt.findUniqueOrThrow({ where: { idempotencyKey: 'key-1' } });
      expect(back.id).toBe(created.id);
      expect(back.seed).toBe(2_147_483_647);
      expect(back.score).toBe(0.75);
      expect(back.correct).toBe(false);
      expect(back.parsed).toEqual([[6, 2], [2, 11]]);
      expect(back.entries).toEqual([
        { index: [0, 0], correct: true },
        { index: [1, 1], correct: false },
      ]);
      expect(back.feedback).toEqual(['Entry (2, 2) is not right.']);
      expect(back.diagnosisId).toBe('forgot-factor');
      expect(back.createdAt.getTime()).toBe(created.createdAt.getTime());

      // A regrade is a new Grade row; the attempt itself stays as it was.
      await prisma.grade.create({
        data: { attemptId: back.id, graderVersion: 3, specHash: back.specHash, score: 1, correct: true, feedback: [], reason: 'grader 2 → 3' },
      });
      const withGrades = await prisma.attempt.findUniqueOrThrow({ where: { id: back.id }, include: { grades: true } });
      expect(withGrades.score).toBe(0.75);
      expect(withGrades.grades.map((g) => [g.score, g.correct, g.reason])).toEqual([[1, true, 'grader 2 → 3']]);

      // Attempts keep their exercise: deleting it is refused (foreign keys are enforced).
      await expect(prisma.exercise.delete({ where: { id: exercise.id } })).rejects.toThrow();
      expect(await prisma.exercise.count({ where: { id: exercise.id } })).toBe(1);
    });

    it('refuses a second attempt with the same idempotency key', async () => {
      const first = await prisma.attempt.findUniqueOrThrow({ where: { idempotencyKey: 'key-1' } });
      const again = {
        userId: first.userId,
        exerciseId: first.exerciseId,
        seed: first.seed,
        specHash: first.specHash,
        graderVersion: first.graderVersion,
        answerText: 'retry',
        score: 1,
        correct: true,
        feedback: [],
        idempotencyKey: 'key-1',
      };
      await expect(prisma.attempt.create({ data: again })).rejects.toMatchObject({ code: 'P2002' });
      expect(await prisma.attempt.count({ where: { idempotencyKey: 'key-1' } })).toBe(1);
      expect((await prisma.attempt.findUniqueOrThrow({ where: { idempotencyKey: 'key-1' } })).answerText).toBe('[6, 2; 2, 11]');
      // A different key is a new attempt.
      await prisma.attempt.create({ data: { ...again, idempotencyKey: 'key-2' } });
      expect(await prisma.attempt.count({ where: { userId: first.userId, exerciseId: first.exerciseId } })).toBe(2);
    });

    it('seeds idempotently: a second run creates nothing and keeps what people changed', async () => {
      const first = await seedDemo(prisma, sampleCourse());
      expect(first).toEqual([
        'created demo instructor instructor@example.com',
        'enrolled instructor@example.com in optim-101 as instructor',
        'created demo student student@example.com',
        'enrolled student@example.com in optim-101 as student',
      ]);
      const before = await counts(prisma);
      // 1 test user + 2 demo users; 1 course with 2 lessons and 3 exercises; 2 enrolments.
      expect(before).toEqual({ users: 3, accounts: 3, courses: 1, lessons: 2, exercises: 3, enrollments: 2 });

      // What an instructor or user changes in the app must survive a re-seed.
      const row = await prisma.course.update({ where: { slug: 'optim-101' }, data: { joinCode: 'JOIN42', openEnrollment: true } });
      await prisma.lesson.update({
        where: { courseId_slug: { courseId: row.id, slug: 'hessians' } },
        data: { dueAt: new Date('2027-03-01T23:59:00Z') },
      });
      await prisma.user.update({ where: { email: 'student@example.com' }, data: { name: 'Renamed Student' } });
      const exerciseBefore = await prisma.exercise.findFirstOrThrow({ where: { key: 'definite' } });

      expect(await seedDemo(prisma, sampleCourse())).toEqual([]);
      expect(await counts(prisma)).toEqual(before);
      const after = await prisma.course.findUniqueOrThrow({ where: { slug: 'optim-101' }, include: { lessons: true } });
      expect([after.joinCode, after.openEnrollment]).toEqual(['JOIN42', true]);
      expect(after.lessons.find((l) => l.slug === 'hessians')?.dueAt?.toISOString()).toBe('2027-03-01T23:59:00.000Z');
      expect((await prisma.user.findUniqueOrThrow({ where: { email: 'student@example.com' } })).name).toBe('Renamed Student');
      const exerciseAfter = await prisma.exercise.findFirstOrThrow({ where: { key: 'definite' } });
      expect(exerciseAfter.updatedAt.getTime()).toBe(exerciseBefore.updatedAt.getTime());

      const enrolments = await prisma.enrollment.findMany({ include: { user: true }, orderBy: { role: 'asc' } });
      expect(enrolments.map((e) => [e.user.email, e.role])).toEqual([
        ['instructor@example.com', 'instructor'],
        ['student@example.com', 'student'],
      ]);
      expect((await prisma.user.findUniqueOrThrow({ where: { email: 'instructor@example.com' } })).role).toBe('instructor');
    });

    it('syncs changed content: updates what changed, moves exercises, keeps removed ones', async () => {
      const course = sampleCourse();
      course.lessons[1].title = 'Second derivatives';
      const newSpec = { kind: 'hessian', f: '{a}*x^3 + y^3', vars: ['x', 'y'], at: [1, 2], params: { a: { int: [1, 5] } } };
      course.lessons[1].exercises[0].spec = newSpec;
      course.lessons[1].exercises[0].specHash = 'hash-hess-cubic-2';
      const moved = course.lessons[1].exercises.pop()!; // "definite" moves to lesson 1
      course.lessons[0].exercises.push({ ...moved, position: 2 });
      course.lessons[0].exercises[0] = { ...course.lessons[0].exercises[0], key: 'grad-new' }; // grad-cubic leaves the content
      expect(await syncCourse(prisma, course)).toEqual({
        course: 'unchanged',
        lessonsCreated: 0,
        lessonsUpdated: 1,
        exercisesCreated: 1,
        exercisesUpdated: 2,
        assessmentsSynced: 0,
        unlisted: ['grad-cubic'],
      });
      const definite = await prisma.exercise.findFirstOrThrow({ where: { key: 'definite' }, include: { lesson: true } });
      expect([definite.lesson.slug, definite.position]).toEqual(['gradients', 2]);
      const hess = await prisma.exercise.findFirstOrThrow({ where: { key: 'hess-cubic' } });
      expect(hess.specHash).toBe('hash-hess-cubic-2');
      expect(hess.spec).toEqual(newSpec);
      expect(await prisma.exercise.count({ where: { key: 'grad-cubic' } })).toBe(1);
      // The same content again: nothing to do (JSON is compared regardless of key order).
      expect(await syncCourse(prisma, course)).toMatchObject({ lessonsUpdated: 0, exercisesCreated: 0, exercisesUpdated: 0 });
    });

    it('rejects a course whose exercise ids repeat', async () => {
      const course = sampleCourse();
      course.lessons[1].exercises[1].key = 'grad-cubic';
      await expect(syncCourse(prisma, course)).rejects.toThrow('exercise id "grad-cubic" appears twice');
    });

    it('lets the demo accounts sign in through better-auth over HTTP, and refuses a wrong password', async () => {
      const auth = authOn(prisma, harness.db.provider);
      const signIn = (email: string, password: string) =>
        auth.handler(
          new Request('http://localhost:3999/api/auth/sign-in/email', {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: 'http://localhost:3999', 'x-forwarded-for': '203.0.113.7' },
            body: JSON.stringify({ email, password }),
          }),
        );
      for (const account of DEMO_ACCOUNTS) {
        const res = await signIn(account.email, account.password);
        expect(res.status).toBe(200);
        const body = (await res.json()) as { user: { email: string; role?: string } };
        expect(body.user.email).toBe(account.email);
        expect(body.user.role).toBe(account.role);
        expect(res.headers.get('set-cookie')).toContain('better-auth.session_token=');
      }
      const wrong = await signIn('student@example.com', 'curvature-instructor');
      expect(wrong.status).toBe(401);
      expect(await prisma.session.count()).toBe(2);
      // better-auth kept its rate-limit counter in our RateLimit table.
      const counters = await prisma.rateLimit.findMany();
      expect(counters.length).toBeGreaterThan(0);
      expect(counters.reduce((n, c) => n + c.count, 0)).toBeGreaterThanOrEqual(3);
      expect(typeof counters[0].lastRequest).toBe('bigint');
    });

    it('ensureDatabase does and prints nothing, quickly, when nothing is needed', async () => {
      const lines: string[] = [];
      const env = { DATABASE_URL: harness.db.url };
      // sampleCourse() differs from the content synced last (hessians' title, hess-cubic's spec and "definite" go back).
      await ensureDatabase({ log: (l) => lines.push(l), env, courses: [sampleCourse()] });
      expect(lines).toEqual(['database: content optim-101: 1 lesson(s) updated, 2 exercise(s) updated']);
      lines.length = 0;
      const started = performance.now();
      await ensureDatabase({ log: (l) => lines.push(l), env, courses: async () => [sampleCourse()] });
      expect(lines).toEqual([]);
      expect(performance.now() - started).toBeLessThan(1000);
    });
  });
}
