/**
 * The exercise preview (server/teach/preview.ts) and its "try as student" server action
 * (server/actions/teach-preview.ts) on a real database: variants by seed and by student,
 * parameter values, reference answers, settings after the lesson's overrides, grading
 * without storing, and who may call the action. Run on SQLite and on a throw-away
 * PostgreSQL server by preview-sqlite.test.ts and preview-postgres.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPrisma, type PrismaClient } from '@/server/db/client';
import { applyMigrations } from '@/server/db/migrate';
import { syncCourse, type CourseData } from '@/server/db/seed';
import type { SessionUser } from '@/server/auth';
import { BAD_SEED_MESSAGE, parseSeed } from '@/lib/content';
import { exercisePreview, previewIndex, studentSeeds, tryAnswer, type ExercisePreview, type TryResponse } from '@/server/teach/preview';
import { type Harness } from '../support/database';
import { CUBIC, CUBIC_HESSIAN, DEFINITE, exercise, testCourse, type Spec } from '../support/course';

/**
 * f = x³ + y³ + 2xy: f_x = 3x² + 2y, f_y = 3y² + 2x, so H = [6x 2; 2 6y] and H(1, 2) = [6 2; 2 12].
 * `h-rand` scales x³ by a ∈ {8, 9} (a is drawn from 1…9 and redrawn until a > 7): H(1, 2) = [6a 2; 2 12].
 * `definite`: [6 1; 1 4] has eigenvalues 5 ± √2 > 0, so it is positive definite.
 * `broken`: f = x² + y has H = [2 0; 0 0], singular, so no Newton step exists.
 * `impossible`: a ∈ 1…3 never satisfies a > 5.
 */
function course(slug: string): CourseData {
  const ex = (key: string, spec: Spec, settings: object = {}) => exercise(key, spec, { attempts: 3, reveal: 'after-last-attempt', ...settings });
  return testCourse(slug, `Course ${slug}`, [
    {
      slug: 'hessian',
      title: 'The Hessian',
      exercises: [
        ex('hessian-at-point', CUBIC_HESSIAN, { title: 'The cubic', hints: ['Differentiate $f$ twice.', 'Then put in the point.'] }),
        ex('h-rand', { kind: 'hessian', f: `{a}*x^3 + y^3 + 2*x*y`, vars: ['x', 'y'], at: [1, 2], params: { a: { min: 1, max: 9 } }, where: ['a > 7'] }),
      ],
    },
    {
      slug: 'more',
      title: 'More',
      exercises: [
        ex('definite', DEFINITE, { reveal: 'never', attempts: 0 }),
        ex('broken', { kind: 'newton-step', f: 'x^2 + y', vars: ['x', 'y'], x0: [1, 1] }),
        ex('impossible', { kind: 'hessian', f: '{a}*x^2', vars: ['x'], at: [1], params: { a: { min: 1, max: 3 } }, where: ['a > 5'] }),
      ],
    },
  ]);
}

/** The text inside KaTeX's MathML annotation (the TeX source), without whitespace and with &amp; undone. */
function texOf(html: string): string {
  const m = /<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/.exec(html);
  return (m?.[1] ?? '').replace(/&amp;/g, '&').replace(/\s+/g, '');
}

/** Registers the tests; `setup` makes an empty database. */
export function previewSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`exercise preview (${name})`, () => {
    let harness: Harness;
    let prisma: PrismaClient;
    let calc: string;
    const users: Record<string, SessionUser> = {};
    /** Who the mocked session says is signed in (null: nobody). */
    let actor: SessionUser | null = null;
    let tryAction: (input: unknown) => Promise<TryResponse>;

    async function person(label: string, role: SessionUser['role'] = 'student', id = `${label}-${randomUUID()}`): Promise<SessionUser> {
      const email = `${id}@example.com`;
      await prisma.user.create({ data: { id, name: label, email, role } });
      return { id, name: label, email, role };
    }
    const enrol = (userId: string, courseSlug: string, role: string) =>
      prisma.course.findUniqueOrThrow({ where: { slug: courseSlug } }).then((c) => prisma.enrollment.create({ data: { userId, courseId: c.id, role } }));

    const stored = async () => ({ attempts: await prisma.attempt.count(), grades: await prisma.grade.count() });

    async function preview(key: string, seed: number): Promise<Extract<ExercisePreview, { status: 'ok' }>> {
      const p = await exercisePreview(prisma, calc, key, seed);
      if (p.status !== 'ok') throw new Error(`preview of ${key}: ${p.status}`);
      return p;
    }

    beforeAll(async () => {
      harness = await setup();
      await applyMigrations(harness.db);
      prisma = createPrisma(harness.db);
      await syncCourse(prisma, course('calc'));
      await syncCourse(prisma, course('other'));
      calc = (await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } })).id;

      // 'student-1' has a pinned seed for 'hessian-at-point' (tests/students: 918654947).
      users.pinned = await person('Pinned Student', 'student', 'student-1');
      users.student = await person('Another Student');
      users.teacher = await person('Teacher', 'instructor');
      users.otherTeacher = await person('Other Teacher', 'instructor');
      users.siteInstructor = await person('Site Instructor', 'instructor');
      users.admin = await person('Admin', 'admin');
      await enrol(users.pinned.id, 'calc', 'student');
      await enrol(users.student.id, 'calc', 'student');
      await enrol(users.teacher.id, 'calc', 'instructor');
      await enrol(users.otherTeacher.id, 'other', 'instructor');

      // The action runs outside Next.js here: the session is whoever `actor` is, and the
      // app's database client is this test's.
      vi.doMock('server-only', () => ({}));
      vi.doMock('next/headers', () => ({ headers: async () => new Headers() }));
      vi.doMock('@/server/auth', () => ({ currentUser: async () => actor }));
      (globalThis as typeof globalThis & { __curvaturePrisma?: PrismaClient }).__curvaturePrisma = prisma;
      tryAction = (await import('@/server/actions/teach-preview')).tryAnswer;
    });
    afterAll(async () => {
      vi.doUnmock('server-only');
      vi.doUnmock('next/headers');
      vi.doUnmock('@/server/auth');
      await prisma?.$disconnect();
      await harness?.cleanup();
    });

    it('reads a seed from the URL: a whole number 0 ≤ seed < 2^31, 0 when absent', () => {
      expect(parseSeed(undefined)).toEqual({ ok: true, seed: 0 });
      expect(parseSeed('')).toEqual({ ok: true, seed: 0 });
      expect(parseSeed('7')).toEqual({ ok: true, seed: 7 });
      expect(parseSeed('007')).toEqual({ ok: true, seed: 7 });
      // 2^31 − 1 = 2147483647 is the largest.
      expect(parseSeed('2147483647')).toEqual({ ok: true, seed: 2147483647 });
      for (const bad of ['2147483648', '99999999999', '-1', '1.5', '1e3', 'abc', '0x10', '7 8', ['1', '2']]) {
        expect(parseSeed(bad)).toEqual({ ok: false, message: BAD_SEED_MESSAGE });
      }
      expect(BAD_SEED_MESSAGE).toBe('A seed is a whole number from 0 to 2147483647.');
    });

    it('lists every exercise by lesson with its kind', async () => {
      const index = await previewIndex(prisma, calc);
      expect(index.map((l) => [l.slug, l.exercises.map((e) => e.key)])).toEqual([
        ['hessian', ['hessian-at-point', 'h-rand']],
        ['more', ['definite', 'broken', 'impossible']],
      ]);
      expect(index[0].exercises[0]).toEqual({ key: 'hessian-at-point', title: 'The cubic', kind: 'hessian', kindTitle: 'Hessian matrix', randomised: false });
      // No title: the kind's title stands in.
      expect(index[0].exercises[1]).toMatchObject({ title: 'Hessian matrix', randomised: true });
    });

    it("shows a variant's question, reference answer, worked steps and settings", async () => {
      const p = await preview('hessian-at-point', 0);
      expect(p.exercise).toMatchObject({ key: 'hessian-at-point', title: 'The cubic', kind: 'hessian', lesson: { slug: 'hessian', title: 'The Hessian' } });
      expect(p.variant.promptHtml).toContain('Compute the Hessian');
      expect(p.variant.promptHtml).toContain('class="katex"');
      // H(1, 2) = [6 2; 2 12], worked out above.
      expect(p.variant.answerText).toBe('[6, 2; 2, 12]');
      expect(texOf(p.variant.answerHtml)).toBe('\\begin{bmatrix}6&2\\\\2&12\\end{bmatrix}');
      expect(p.variant.params).toEqual({});
      expect(JSON.parse(p.variant.specJson)).toEqual({ kind: 'hessian', f: CUBIC, vars: ['x', 'y'], at: [1, 2] });
      // Partials, second derivatives, the point substituted: the last step ends at the answer.
      expect(p.variant.steps.length).toBe(3);
      expect(texOf(p.variant.steps[2].html).endsWith('=\\begin{bmatrix}6&2\\\\2&12\\end{bmatrix}')).toBe(true);
      expect(p.variant.form).toEqual({ shape: 'matrix', size: [2, 2], vars: [], labels: [], accuracy: 'Give numbers to 3 significant figures (or within 0.1 %).' });
      expect(p.exercise.settings).toMatchObject({ attempts: 3, reveal: 'after-last-attempt', authored: { attempts: 3, reveal: 'after-last-attempt' }, dueAt: null });
      expect(p.exercise.settings.hintsHtml).toHaveLength(2);
      expect(p.exercise.settings.hintsHtml[0]).toContain('class="katex"');
      // Without params every seed shows the same variant.
      expect((await preview('hessian-at-point', 7)).variant.answerText).toBe('[6, 2; 2, 12]');

      // The lesson's overrides are the settings students meet; the authored ones are kept beside them.
      const dueAt = new Date('2027-05-01T12:00:00.000Z');
      await prisma.lesson.update({ where: { courseId_slug: { courseId: calc, slug: 'hessian' } }, data: { attempts: 5, reveal: 'after-due', dueAt } });
      expect((await preview('hessian-at-point', 0)).exercise.settings).toMatchObject({
        attempts: 5,
        reveal: 'after-due',
        authored: { attempts: 3, reveal: 'after-last-attempt' },
        dueAt,
      });
      await prisma.lesson.update({ where: { courseId_slug: { courseId: calc, slug: 'hessian' } }, data: { attempts: null, reveal: null, dueAt: null } });
    });

    it('shows the parameter values the variant was drawn with, also after redraws', async () => {
      const seen = new Set<number>();
      for (let seed = 0; seed < 30; seed++) {
        const p = await preview('h-rand', seed);
        const a = p.variant.params.a as number;
        // Only a = 8 or 9 pass "a > 7"; most seeds draw a smaller a first and redraw.
        expect([8, 9]).toContain(a);
        seen.add(a);
        expect(p.variant.answerText).toBe(`[${6 * a}, 2; 2, 12]`);
        expect(JSON.parse(p.variant.specJson)).toEqual({ kind: 'hessian', f: `${a}*x^3 + y^3 + 2*x*y`, vars: ['x', 'y'], at: [1, 2] });
      }
      expect([...seen].sort()).toEqual([8, 9]);
    });

    it('says why a variant cannot be generated, and when there is no such exercise', async () => {
      const broken = await exercisePreview(prisma, calc, 'broken', 0);
      expect(broken.status).toBe('unavailable');
      if (broken.status === 'unavailable') {
        expect(broken.message).toMatch(/^This variant cannot be generated: /);
        expect(broken.exercise.kind).toBe('newton-step');
      }
      const impossible = await exercisePreview(prisma, calc, 'impossible', 3);
      expect(impossible.status === 'unavailable' && impossible.message).toMatch(/no valid variant after 100 draws/);
      expect(await exercisePreview(prisma, calc, 'no-such-exercise', 0)).toEqual({ status: 'not-found' });
    });

    it("lists the enrolled students with the seed of each one's variant", async () => {
      const list = await studentSeeds(prisma, calc, 'hessian-at-point');
      // Students only, by name: "Another Student" before "Pinned Student"; no instructor.
      expect(list.map((s) => s.name)).toEqual(['Another Student', 'Pinned Student']);
      // exerciseSeed('student-1', 'hessian-at-point') = 918654947, already below 2^31 (pinned in tests/students).
      expect(list[1]).toEqual({ id: 'student-1', name: 'Pinned Student', email: 'student-1@example.com', seed: 918654947 });
    });

    it('grades a tried answer as a submission would be graded, and stores nothing', async () => {
      const before = await stored();
      const right = await tryAnswer(prisma, calc, 'hessian-at-point', 7, '[[6, 2], [2, 12]]');
      expect(right).toMatchObject({ status: 'graded', verdict: 'correct', correct: true, score: 1, diagnosis: null });
      expect(right.status === 'graded' && right.entries?.every((e) => e.correct)).toBe(true);

      // Halving the diagonal: (1,1) and (2,2) wrong, the mixed partials right → 2 of 4 = 0.5.
      const halved = await tryAnswer(prisma, calc, 'hessian-at-point', 0, '[3, 2; 2, 6]');
      expect(halved).toMatchObject({ status: 'graded', verdict: 'partly', correct: false, score: 0.5, diagnosis: { id: 'diagonal-halved' } });
      if (halved.status === 'graded') {
        expect(halved.entries!.filter((e) => !e.correct).map((e) => e.index)).toEqual([[0, 0], [1, 1]]);
        expect(halved.feedback).toEqual(['Entry (1, 1) is not right.', 'Entry (2, 2) is not right.']);
      }
      // Nothing right: wrong, no credit.
      expect(await tryAnswer(prisma, calc, 'hessian-at-point', 0, '[1, 1; 1, 1]')).toMatchObject({ status: 'graded', verdict: 'wrong', score: 0 });

      // A randomised exercise is graded against the chosen seed's variant.
      const a = (await preview('h-rand', 11)).variant.params.a as number;
      expect(await tryAnswer(prisma, calc, 'h-rand', 11, `[${6 * a}, 2; 2, 12]`)).toMatchObject({ status: 'graded', correct: true });
      const otherA = a === 8 ? 9 : 8;
      expect(await tryAnswer(prisma, calc, 'h-rand', 11, `[${6 * otherA}, 2; 2, 12]`)).toMatchObject({ status: 'graded', correct: false, score: 0.75 });

      // Labels: eigenvalues 5 ± √2 are both positive.
      expect(await tryAnswer(prisma, calc, 'definite', 0, 'Positive Definite')).toMatchObject({ status: 'graded', correct: true });
      expect(await tryAnswer(prisma, calc, 'definite', 0, 'indefinite')).toMatchObject({ status: 'graded', correct: false });

      // Unreadable: says where.
      const unreadable = await tryAnswer(prisma, calc, 'hessian-at-point', 0, '[6, 2; 2, 12');
      expect(unreadable.status).toBe('unreadable');
      if (unreadable.status === 'unreadable') {
        expect(unreadable.error.message.length).toBeGreaterThan(0);
        expect(unreadable.error.start).toBeGreaterThanOrEqual(0);
        expect(unreadable.error.end).toBeLessThanOrEqual('[6, 2; 2, 12'.length + 1);
      }
      expect(await tryAnswer(prisma, calc, 'broken', 0, '[0, 0]')).toMatchObject({ status: 'unavailable' });
      expect(await tryAnswer(prisma, calc, 'no-such-exercise', 0, '1')).toEqual({ status: 'not-found' });
      expect(await stored()).toEqual(before);
    });

    it('lets only staff of the course call the action, and it never stores an attempt', async () => {
      const before = await stored();
      const input = { course: 'calc', exercise: 'hessian-at-point', seed: 0, answer: '[6, 2; 2, 12]' };
      const as = async (who: SessionUser | null, body: unknown = input) => {
        actor = who;
        return tryAction(body);
      };

      expect(await as(null)).toEqual({ status: 'signed-out' });
      const forbidden = { status: 'forbidden', message: 'Only an instructor of this course may do that.' };
      // A student of the course, an instructor of another course, a site instructor who does not teach it.
      expect(await as(users.student)).toEqual(forbidden);
      expect(await as(users.pinned)).toEqual(forbidden);
      expect(await as(users.otherTeacher)).toEqual(forbidden);
      expect(await as(users.siteInstructor)).toEqual(forbidden);
      // The other course's instructor may use it on their own course (same key there).
      expect(await as(users.otherTeacher, { ...input, course: 'other' })).toMatchObject({ status: 'graded', correct: true });
      // No such course: a non-admin learns nothing; an admin is told.
      expect(await as(users.teacher, { ...input, course: 'nope' })).toEqual(forbidden);
      expect(await as(users.admin, { ...input, course: 'nope' })).toEqual({ status: 'not-found' });

      expect(await as(users.teacher)).toMatchObject({ status: 'graded', verdict: 'correct', score: 1 });
      expect(await as(users.admin, { ...input, answer: '[6, 0; 0, 12]' })).toMatchObject({ status: 'graded', diagnosis: { id: 'mixed-partials-zero' } });
      expect(await as(users.teacher, { ...input, answer: '[6, 2; 2' })).toMatchObject({ status: 'unreadable' });

      // Malformed input is refused before anything else.
      for (const bad of [
        { ...input, seed: -1 },
        { ...input, seed: 2 ** 31 },
        { ...input, seed: 1.5 },
        { ...input, seed: '7' },
        { ...input, exercise: '../x' },
        { ...input, course: 'Calc' },
        { ...input, answer: 'x'.repeat(10_001) },
        { ...input, userId: users.pinned.id },
        null,
        'hello',
      ]) {
        expect(await as(users.teacher, bad)).toMatchObject({ status: 'invalid' });
      }
      // The largest seed is fine.
      expect(await as(users.teacher, { ...input, seed: 2 ** 31 - 1 })).toMatchObject({ status: 'graded' });

      expect(await stored()).toEqual(before);
    });
  });
}
