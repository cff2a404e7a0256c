/**
 * The misconceptions report (server/teach/misconceptions.ts) on a real database, from a
 * hand-built set of attempts whose counts are worked out in the comments. Run on SQLite and
 * on a throw-away PostgreSQL server by misconceptions-sqlite.test.ts and
 * misconceptions-postgres.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '@/server/db/client';
import { applyMigrations } from '@/server/db/migrate';
import { syncCourse, type CourseData } from '@/server/db/seed';
import { misconceptionReport, normaliseAnswer, type ExerciseInsight, type MisconceptionReport } from '@/server/teach/misconceptions';
import { type Harness } from '../support/database';
import { CUBIC_HESSIAN, DEFINITE, exercise, testCourse, type Spec } from '../support/course';

/**
 * Two lessons. `h-point`: the Hessian of x³ + y³ + 2xy at (1, 2) is [6 2; 2 12].
 * `n1`: Newton from (1, 1) on x² + 3y²: ∇f = (2, 6), H = diag(2, 6); multiplying by H
 * instead of H⁻¹ gives (1, 1) − (4, 36) = (−3, −35). `n2`: Newton from (1, 2) on 2x² + y²:
 * ∇f = (4, 4), H = diag(4, 2); H∇f = (16, 8), so the same mistake gives (−15, −6).
 * `definite` is never attempted.
 */
function course(slug: string): CourseData {
  const ex = (key: string, spec: Spec, title?: string) => exercise(key, spec, { reveal: 'after-correct', ...(title ? { title } : {}) });
  return testCourse(slug, `Course ${slug}`, [
    { slug: 'hessian', title: 'The Hessian', exercises: [ex('h-point', CUBIC_HESSIAN, 'The cubic at $(1, 2)$'), ex('definite', DEFINITE)] },
    {
      slug: 'newton',
      title: 'Newton',
      exercises: [
        ex('n1', { kind: 'newton-step', f: 'x^2 + 3*y^2', vars: ['x', 'y'], x0: [1, 1] }),
        ex('n2', { kind: 'newton-step', f: '2*x^2 + y^2', vars: ['x', 'y'], x0: [1, 2] }),
      ],
    },
  ]);
}

/** Registers the tests; `setup` makes an empty database. */
export function misconceptionsSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`misconceptions report (${name})`, () => {
    let harness: Harness;
    let prisma: PrismaClient;
    let calc: string;
    let other: string;
    const exerciseIds = new Map<string, string>();
    const people: Record<string, string> = {};
    const firstOf: Record<string, string> = {};

    const T0 = Date.parse('2027-03-01T10:00:00.000Z');
    const at = (minutes: number) => new Date(T0 + minutes * 60_000);

    async function person(label: string, courseId: string | null, role = 'student'): Promise<string> {
      const id = `${label}-${randomUUID()}`;
      await prisma.user.create({ data: { id, name: label, email: `${id}@example.com` } });
      if (courseId) await prisma.enrollment.create({ data: { userId: id, courseId, role } });
      return id;
    }

    /** Stores an attempt as the app would have (the grading itself is given here by hand). */
    async function attempt(
      userId: string,
      courseId: string,
      key: string,
      answerText: string,
      result: { correct: boolean; score: number; diagnosisId?: string },
      minute: number,
    ): Promise<string> {
      const row = await prisma.attempt.create({
        data: {
          userId,
          exerciseId: exerciseIds.get(`${courseId}/${key}`)!,
          seed: 0,
          specHash: `hash-${key}`,
          graderVersion: 1,
          answerText,
          score: result.score,
          correct: result.correct,
          feedback: [],
          diagnosisId: result.diagnosisId ?? null,
          idempotencyKey: randomUUID(),
          createdAt: at(minute),
        },
      });
      return row.id;
    }

    async function report(lesson?: string): Promise<MisconceptionReport> {
      const r = await misconceptionReport(prisma, calc, lesson);
      if (r.status !== 'ok') throw new Error(`report: ${r.status}`);
      return r;
    }

    const exercise = (r: MisconceptionReport, key: string): ExerciseInsight => r.exercises.find((e) => e.key === key)!;
    const counts = (e: ExerciseInsight) => Object.fromEntries(e.diagnoses.map((d) => [d.id, [d.attempts, d.students]]));

    beforeAll(async () => {
      harness = await setup();
      await applyMigrations(harness.db);
      prisma = createPrisma(harness.db);
      await syncCourse(prisma, course('calc'));
      await syncCourse(prisma, course('other'));
      calc = (await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } })).id;
      other = (await prisma.course.findUniqueOrThrow({ where: { slug: 'other' } })).id;
      for (const ex of await prisma.exercise.findMany()) exerciseIds.set(`${ex.courseId}/${ex.key}`, ex.id);

      people.ann = await person('ann', calc);
      people.ben = await person('ben', calc);
      people.cat = await person('cat', calc);
      people.dee = await person('dee', calc); // enrolled, never answers
      people.teacher = await person('teacher', calc, 'instructor');
      people.gone = await person('gone', calc);
      people.zed = await person('zed', other);

      const H = '[6, 2; 2, 12]';
      // Ann: halved diagonal (diagnosed), then right.
      firstOf.ann = await attempt(people.ann, calc, 'h-point', '[3, 2; 2, 6]', { correct: false, score: 0.5, diagnosisId: 'diagonal-halved' }, 0);
      await attempt(people.ann, calc, 'h-point', H, { correct: true, score: 1 }, 1);
      // Ben: right at the first try.
      firstOf.ben = await attempt(people.ben, calc, 'h-point', H, { correct: true, score: 1 }, 2);
      // Cat: mixed partials set to zero, twice, typed with different spacing.
      firstOf.cat = await attempt(people.cat, calc, 'h-point', '[6, 0; 0, 12]', { correct: false, score: 0.5, diagnosisId: 'mixed-partials-zero' }, 3);
      await attempt(people.cat, calc, 'h-point', '  [6,  0;\t0,   12] ', { correct: false, score: 0.5, diagnosisId: 'mixed-partials-zero' }, 5);
      // Newton: Ann and Ben multiply by H instead of H⁻¹; Ben again on n2; Cat is right on n2.
      await attempt(people.ann, calc, 'n1', '[-3, -35]', { correct: false, score: 0, diagnosisId: 'hessian-not-inverse' }, 10);
      await attempt(people.ben, calc, 'n1', '[-3,-35]', { correct: false, score: 0, diagnosisId: 'hessian-not-inverse' }, 11);
      await attempt(people.ben, calc, 'n2', '[-15, -6]', { correct: false, score: 0, diagnosisId: 'hessian-not-inverse' }, 12);
      await attempt(people.cat, calc, 'n2', '[0, 0]', { correct: true, score: 1 }, 13);

      // None of these count: the instructor's own answer, a member who has left the
      // course (their rows stay), and a student of another course on its own `h-point`.
      await attempt(people.teacher, calc, 'h-point', '[1, 1; 1, 1]', { correct: false, score: 0, diagnosisId: 'point-swapped' }, 20);
      await attempt(people.gone, calc, 'h-point', '[1, 1; 1, 1]', { correct: false, score: 0, diagnosisId: 'point-swapped' }, 21);
      await prisma.enrollment.delete({ where: { userId_courseId: { userId: people.gone, courseId: calc } } });
      await attempt(people.zed, other, 'h-point', '[1, 1; 1, 1]', { correct: false, score: 0, diagnosisId: 'point-swapped' }, 22);
      await attempt(people.zed, other, 'n1', '[-3, -35]', { correct: false, score: 0, diagnosisId: 'hessian-not-inverse' }, 23);
    });
    afterAll(async () => {
      await prisma?.$disconnect();
      await harness?.cleanup();
    });

    it('normalises answers by trimming and collapsing whitespace only', () => {
      expect(normaliseAnswer('  [6,  0;\t0,   12] ')).toBe('[6, 0; 0, 12]');
      expect(normaliseAnswer('[6,\n0; 0, 12]')).toBe('[6, 0; 0, 12]');
      // Whitespace that is there or not stays different: these are different texts.
      expect(normaliseAnswer('[-3,-35]')).not.toBe(normaliseAnswer('[-3, -35]'));
    });

    it('counts students, attempts, first-try and eventual shares per exercise', async () => {
      const r = await report();
      expect(r.lesson).toBeNull();
      expect(r.lessons).toEqual([
        { slug: 'hessian', title: 'The Hessian' },
        { slug: 'newton', title: 'Newton' },
      ]);
      // Ann, Ben, Cat and Dee are enrolled students (the instructor and the one who left are not).
      expect(r.enrolled).toBe(4);
      // Ann, Ben and Cat answered: 5 attempts on h-point, 2 on n1, 2 on n2.
      expect(r.students).toBe(3);
      expect(r.attempts).toBe(9);
      expect(r.exercises.map((e) => e.key)).toEqual(['h-point', 'definite', 'n1', 'n2']);

      const h = exercise(r, 'h-point');
      expect(h).toMatchObject({
        title: 'The cubic at $(1, 2)$',
        kind: 'hessian',
        kindTitle: 'Hessian matrix',
        lesson: { slug: 'hessian', title: 'The Hessian' },
        students: 3,
        attempts: 5,
        firstTryRight: 1, // Ben only
        eventuallyRight: 2, // Ann and Ben
        wrongAttempts: 3, // Ann's first, Cat's two
        undiagnosed: 0,
      });
      expect(h.firstTryShare).toBeCloseTo(1 / 3, 12);
      expect(h.eventualShare).toBeCloseTo(2 / 3, 12);
      // Every mistake the kind knows, most students first; ties by attempts, then the kind's order.
      expect(h.diagnoses.map((d) => [d.id, d.attempts, d.students])).toEqual([
        ['mixed-partials-zero', 2, 1],
        ['diagonal-halved', 1, 1],
        ['point-swapped', 0, 0],
      ]);
      expect(h.diagnoses[1].message).toContain('half the right ones');
      expect(h.diagnoses.every((d) => d.known)).toBe(true);
      // Cat's two spellings are one answer.
      expect(h.wrongAnswers).toEqual([
        { text: '[6, 0; 0, 12]', cut: false, attempts: 2, students: 1 },
        { text: '[3, 2; 2, 6]', cut: false, attempts: 1, students: 1 },
      ]);

      const d = exercise(r, 'definite');
      expect(d).toMatchObject({ students: 0, attempts: 0, firstTryShare: null, eventualShare: null, wrongAnswers: [] });
      expect(d.diagnoses.map((x) => x.students)).toEqual(d.diagnoses.map(() => 0));

      // n1: Ann and Ben both wrong at their only try → 0 of 2.
      expect(exercise(r, 'n1')).toMatchObject({ students: 2, attempts: 2, firstTryRight: 0, eventuallyRight: 0, firstTryShare: 0, eventualShare: 0 });
      expect(counts(exercise(r, 'n1'))['hessian-not-inverse']).toEqual([2, 2]);
      // "[-3, -35]" and "[-3,-35]" differ by more than the amount of whitespace.
      expect(exercise(r, 'n1').wrongAnswers.map((w) => [w.text, w.attempts])).toEqual([
        ['[-3, -35]', 1],
        ['[-3,-35]', 1],
      ]);
      // n2: Ben wrong, Cat right → 1 of 2.
      expect(exercise(r, 'n2')).toMatchObject({ students: 2, attempts: 2, firstTryRight: 1, eventuallyRight: 1, firstTryShare: 0.5 });
    });

    it('ranks the mistakes across the course by students affected, and the hardest exercises', async () => {
      const r = await report();
      // H instead of H⁻¹: Ann (n1) and Ben (n1, n2) → 2 students, 3 attempts, 2 exercises.
      // Mixed partials zero: Cat, 2 attempts. Halved diagonal: Ann, 1 attempt.
      expect(r.mistakes.map((m) => [m.kind, m.id, m.students, m.attempts, m.exercises])).toEqual([
        ['newton-step', 'hessian-not-inverse', 2, 3, ['n1', 'n2']],
        ['hessian', 'mixed-partials-zero', 1, 2, ['h-point']],
        ['hessian', 'diagonal-halved', 1, 1, ['h-point']],
      ]);
      expect(r.mistakes[0].message).toContain('H instead of by H⁻¹');
      expect(r.mistakes[0].kindTitle).toBe("One step of Newton's method"); // the kind's title
      // First-try shares: n1 0, h-point 1/3, n2 1/2; `definite` was never tried.
      expect(r.hardest.map((e) => e.key)).toEqual(['n1', 'h-point', 'n2']);
    });

    it('limits the report to one lesson, and says when the lesson is unknown', async () => {
      const r = await report('newton');
      expect(r.lesson).toEqual({ slug: 'newton', title: 'Newton' });
      expect(r.exercises.map((e) => e.key)).toEqual(['n1', 'n2']);
      // Ann, Ben (n1, n2) and Cat (n2): 3 students, 4 attempts.
      expect(r.students).toBe(3);
      expect(r.attempts).toBe(4);
      expect(r.mistakes.map((m) => m.id)).toEqual(['hessian-not-inverse']);
      const missing = await misconceptionReport(prisma, calc, 'no-such-lesson');
      expect(missing.status).toBe('lesson-not-found');
      // Another course's lesson of the same name is that course's, not this one's.
      const theirs = await misconceptionReport(prisma, other, 'newton');
      if (theirs.status !== 'ok') throw new Error('expected a report');
      expect(theirs.students).toBe(1);
      expect(theirs.attempts).toBe(1);
    });

    it('counts the newest regrade of an attempt, not its own grading', async () => {
      const grade = (attemptId: string, result: { correct: boolean; score: number; diagnosisId: string | null }, minute: number) =>
        prisma.grade.create({
          data: { attemptId, graderVersion: 2, specHash: 'hash', feedback: [], reason: 'test', createdAt: at(minute), ...result },
        });
      // Cat's first answer regraded twice: the newer grade (halved diagonal) counts, not the older (point swapped).
      await grade(firstOf.cat, { correct: false, score: 0.5, diagnosisId: 'point-swapped' }, 30);
      await grade(firstOf.cat, { correct: false, score: 0.5, diagnosisId: 'diagonal-halved' }, 31);
      // Ann's first answer is found right after all (a tolerance fix, say): she is now right at her first try.
      await grade(firstOf.ann, { correct: true, score: 1, diagnosisId: null }, 32);
      // Ben's right answer regraded as wrong with a diagnosis the kind no longer knows.
      await grade(firstOf.ben, { correct: false, score: 0, diagnosisId: 'retired-mistake' }, 33);

      const h = exercise(await report(), 'h-point');
      // First tries now: Ann right, Ben wrong, Cat wrong → 1 of 3. Ben's only attempt is now
      // wrong, so only Ann is eventually right. Wrong attempts: Ben's one and Cat's two.
      expect(h).toMatchObject({ students: 3, attempts: 5, firstTryRight: 1, eventuallyRight: 1, wrongAttempts: 3 });
      // Wrong now: Ben's (retired-mistake), Cat's two (halved diagonal, then mixed partials).
      expect(counts(h)).toEqual({
        'diagonal-halved': [1, 1],
        'mixed-partials-zero': [1, 1],
        'point-swapped': [0, 0],
        'retired-mistake': [1, 1],
      });
      const retired = h.diagnoses.find((d) => d.id === 'retired-mistake')!;
      expect(retired.known).toBe(false);
      expect(retired.message).toBe('This looks like a known mistake.');
      // Ann's "[3, 2; 2, 6]" is no longer wrong; Ben's right answer now is.
      expect(h.wrongAnswers.map((w) => [w.text, w.attempts])).toEqual([
        ['[6, 0; 0, 12]', 2],
        ['[6, 2; 2, 12]', 1],
      ]);
    });

    it('keeps the counts right with thousands of attempts', async () => {
      // 2,000 more attempts on n2 by 200 students (10 each, all wrong and diagnosed).
      const many = await Promise.all(Array.from({ length: 200 }, (_, i) => person(`many${i}`, calc)));
      await prisma.attempt.createMany({
        data: many.flatMap((userId, i) =>
          Array.from({ length: 10 }, (_, k) => ({
            userId,
            exerciseId: exerciseIds.get(`${calc}/n2`)!,
            seed: 0,
            specHash: 'hash-n2',
            graderVersion: 1,
            answerText: `[${k}, ${k}]`,
            score: 0,
            correct: false,
            feedback: [],
            diagnosisId: 'gradient-step',
            idempotencyKey: randomUUID(),
            createdAt: at(100 + i * 10 + k),
          })),
        ),
      });
      const n2 = exercise(await report(), 'n2');
      // Ben, Cat and the 200; 2 + 2000 attempts; only Cat right at her first try.
      expect(n2).toMatchObject({ students: 202, attempts: 2002, firstTryRight: 1, eventuallyRight: 1 });
      expect(counts(n2)['gradient-step']).toEqual([2000, 200]);
      // Each "[k, k]" was typed by all 200 students: ten answers tie at 200; the first five by text.
      expect(n2.wrongAnswers.map((w) => [w.text, w.attempts, w.students])).toEqual([
        ['[0, 0]', 200, 200],
        ['[1, 1]', 200, 200],
        ['[2, 2]', 200, 200],
        ['[3, 3]', 200, 200],
        ['[4, 4]', 200, 200],
      ]);
    });
  });
}
