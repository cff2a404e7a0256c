/**
 * The students' data layer (server/attempts.ts, server/enrolment.ts) on a real database:
 * enrolment, submitting and grading, idempotency, attempt limits, reveal rules, regrades,
 * progress and history — and that one student never sees another's attempts.
 * sqlite.test.ts and postgres.test.ts run it on a temporary SQLite file and a throw-away
 * PostgreSQL server. Expected numbers are worked out by hand in the comments.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '@/server/db/client';
import { applyMigrations } from '@/server/db/migrate';
import { syncCourse, type CourseData } from '@/server/db/seed';
import { generateVariant, getKind } from '@/lib/exercises';
import {
  attemptHistory,
  courseProgress,
  lessonView,
  submitAttempt,
} from '@/server/attempts';
import { variantSeed } from '@/lib/content';
import type { ExerciseState, SubmitOutcome } from '@/server/wire';
import { coursesFor, enrol, setEnrolmentOptions } from '@/server/enrolment';
import { type Harness } from '../support/database';
import { CUBIC_GRADIENT, CUBIC_HESSIAN, DEFINITE, exercise, testCourse } from '../support/course';

/** A small course: f = x³ + y³ + 2xy has H(1, 2) = [6 2; 2 12] and ∇f(1, 2) = (7, 14). */
function course(): CourseData {
  return testCourse('calc', 'Calculus', [
    {
      slug: 'hessian',
      title: 'The Hessian',
      exercises: [
        exercise('h-point', CUBIC_HESSIAN, { attempts: 3, reveal: 'after-last-attempt', hints: ['First hint.', 'Second hint $x^2$.'] }),
        // H(1, 2) of a·x³ + y³ + 2xy is [6a 2; 2 12].
        exercise('h-rand', { kind: 'hessian', f: '{a}*x^3 + y^3 + 2*x*y', vars: ['x', 'y'], at: [1, 2], params: { a: { min: 2, max: 9 } } }, { attempts: 2, reveal: 'after-correct' }),
        // eigenvalues 5 ± √2, both positive
        exercise('definite', DEFINITE),
      ],
    },
    { slug: 'gradients', title: 'Gradients', exercises: [exercise('g-point', CUBIC_GRADIENT, { attempts: 1, reveal: 'after-due' })] },
  ]);
}

/** Registers the tests; `setup` makes an empty database. */
export function studentsSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`students' data (${name})`, () => {
    let harness: Harness;
    let prisma: PrismaClient;
    let courseId: string;

    beforeAll(async () => {
      harness = await setup();
      await applyMigrations(harness.db);
      prisma = createPrisma(harness.db);
      await syncCourse(prisma, course());
      courseId = (await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } })).id;
    });
    afterAll(async () => {
      await prisma?.$disconnect();
      await harness?.cleanup();
    });

    /** A new user (enrolled as a student unless `enrolled` is false); returns the id. */
    async function student(label: string, enrolled = true): Promise<string> {
      const id = `${label}-${randomUUID()}`;
      await prisma.user.create({ data: { id, name: label, email: `${id}@example.com` } });
      if (enrolled) await prisma.enrollment.create({ data: { userId: id, courseId, role: 'student' } });
      return id;
    }

    const submit = (userId: string, exercise: string, answer: string, key = randomUUID(), now?: Date) =>
      submitAttempt(prisma, { userId, course: 'calc', exercise, answer, idempotencyKey: key, now });

    function graded(o: SubmitOutcome) {
      if (o.status !== 'graded') throw new Error(`expected a graded outcome, got ${o.status}`);
      return o;
    }

    async function stateOf(userId: string, key: string, lesson = 'hessian', now?: Date): Promise<ExerciseState> {
      const view = await lessonView(prisma, userId, 'calc', lesson, now);
      if (view.status !== 'ok') throw new Error(`lesson view: ${view.status}`);
      const state = view.exercises.find((e) => e.key === key);
      if (!state) throw new Error(`no exercise ${key}`);
      return state;
    }

    const countAttempts = (userId: string) => prisma.attempt.count({ where: { userId } });

    it('derives seeds below 2^31 that fit the Attempt.seed column', () => {
      // exerciseSeed('student-2', 'hessian-at-point') = 3750554384 (pinned in tests/content);
      // 3750554384 − 2^31 = 1603070736.
      expect(variantSeed('student-2', 'hessian-at-point')).toBe(1603070736);
      // 918654947 is already below 2^31.
      expect(variantSeed('student-1', 'hessian-at-point')).toBe(918654947);
      for (let i = 0; i < 200; i++) {
        const s = variantSeed(`user-${i}`, 'h-rand');
        expect(Number.isInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
      }
    });

    it('enrols by open enrolment or join code only; a student cannot change the options', async () => {
      const instructor = await student('teacher', false);
      await prisma.enrollment.create({ data: { userId: instructor, courseId, role: 'instructor' } });
      const learner = await student('learner', false);

      expect(await enrol(prisma, learner, 'calc')).toBe('wrong-code');
      expect(await enrol(prisma, learner, 'calc', 'ANYTHING')).toBe('wrong-code');
      expect(await enrol(prisma, learner, 'nope')).toBe('not-found');

      // A student may not set the options, even of a course they are in.
      const other = await student('other');
      expect(await setEnrolmentOptions(prisma, { id: other, role: 'student' }, 'calc', { openEnrollment: true, joinCode: null })).toBe('forbidden');
      // A site instructor who does not teach this course may not either.
      expect(await setEnrolmentOptions(prisma, { id: learner, role: 'instructor' }, 'calc', { openEnrollment: true, joinCode: null })).toBe('forbidden');
      expect(await setEnrolmentOptions(prisma, { id: instructor, role: 'instructor' }, 'calc', { openEnrollment: false, joinCode: 'no spaces' })).toBe('bad-code');
      expect(await setEnrolmentOptions(prisma, { id: instructor, role: 'instructor' }, 'calc', { openEnrollment: false, joinCode: ' hess-42 ' })).toBe('saved');
      expect(await prisma.course.findUniqueOrThrow({ where: { id: courseId } })).toMatchObject({ joinCode: 'HESS-42', openEnrollment: false });

      // Only those who manage the course see its code.
      const seen = (await coursesFor(prisma, { id: learner, role: 'student' })).find((c) => c.slug === 'calc')!;
      expect(seen).toMatchObject({ role: null, hasJoinCode: true, joinCode: null, manages: false });
      const managed = (await coursesFor(prisma, { id: instructor, role: 'instructor' })).find((c) => c.slug === 'calc')!;
      expect(managed).toMatchObject({ role: 'instructor', joinCode: 'HESS-42', manages: true });

      expect(await enrol(prisma, learner, 'calc', 'hess-41')).toBe('wrong-code');
      expect(await enrol(prisma, learner, 'calc', ' hess-42')).toBe('enrolled');
      expect(await enrol(prisma, learner, 'calc', 'HESS-42')).toBe('already-enrolled');
      const row = await prisma.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: learner, courseId } } });
      expect(row.role).toBe('student');

      // Open enrolment: no code needed. An admin may set it without teaching the course.
      const admin = await student('admin', false);
      expect(await setEnrolmentOptions(prisma, { id: admin, role: 'admin' }, 'calc', { openEnrollment: true, joinCode: null })).toBe('saved');
      const walkIn = await student('walk-in', false);
      expect(await enrol(prisma, walkIn, 'calc')).toBe('enrolled');
      // Put the course back as it was for the other tests.
      await prisma.course.update({ where: { id: courseId }, data: { openEnrollment: false, joinCode: null } });
    });

    it('refuses exercises to a student who is not enrolled, storing nothing', async () => {
      const outsider = await student('outsider', false);
      expect(await submit(outsider, 'h-point', '[6, 2; 2, 12]')).toEqual({ status: 'not-enrolled' });
      expect(await lessonView(prisma, outsider, 'calc', 'hessian')).toEqual({ status: 'not-enrolled', course: { slug: 'calc', title: 'Calculus' } });
      expect(await countAttempts(outsider)).toBe(0);
      const enrolled = await student('enrolled');
      expect(await submit(enrolled, 'no-such-exercise', '1')).toEqual({ status: 'not-found' });
      expect(await lessonView(prisma, enrolled, 'calc', 'no-such-lesson')).toEqual({ status: 'not-found' });
    });

    it('grades a partly right answer with its diagnosis, stores every field, and unlocks one hint', async () => {
      const ada = await student('ada');
      const before = await stateOf(ada, 'h-point');
      expect(before).toMatchObject({ status: 'open', attemptsUsed: 0, attemptsAllowed: 3, attemptsLeft: 3, bestScore: null, last: null, hintsHtml: [], hintCount: 2, solution: null });
      expect(before.form).toEqual({ shape: 'matrix', size: [2, 2], vars: [], labels: [], accuracy: 'Give numbers to 3 significant figures (or within 0.1 %).' });
      expect(before.promptHtml).toContain('class="katex"');

      // Halved diagonal: [3 2; 2 6]. The off-diagonal entries are right, so half the credit.
      const out = graded(await submit(ada, 'h-point', '[3, 2; 2, 6]'));
      expect(out.repeated).toBe(false);
      expect(out.result).toMatchObject({ verdict: 'partly', correct: false, score: 0.5, answerText: '[3, 2; 2, 6]' });
      expect(out.result.entries).toEqual([
        { index: [0, 0], correct: false },
        { index: [0, 1], correct: true },
        { index: [1, 0], correct: true },
        { index: [1, 1], correct: false },
      ]);
      expect(out.result.feedback).toEqual(['Entry (1, 1) is not right.', 'Entry (2, 2) is not right.']);
      expect(out.result.diagnosis?.id).toBe('diagonal-halved');
      expect(out.state).toMatchObject({ status: 'open', attemptsUsed: 1, attemptsLeft: 2, bestScore: 0.5, solution: null });
      expect(out.state.hintsHtml).toEqual(['First hint.']);

      const row = await prisma.attempt.findFirstOrThrow({ where: { userId: ada } });
      expect(row).toMatchObject({
        seed: variantSeed(ada, 'h-point'),
        specHash: 'hash-h-point',
        graderVersion: getKind('hessian')!.version,
        answerText: '[3, 2; 2, 6]',
        parsed: [[3, 2], [2, 6]],
        score: 0.5,
        correct: false,
        feedback: ['Entry (1, 1) is not right.', 'Entry (2, 2) is not right.'],
        diagnosisId: 'diagonal-halved',
      });
      expect(row.entries).toEqual(out.result.entries);
      expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    });

    it('does not store an unreadable answer and says where it failed', async () => {
      const ben = await student('ben');
      const out = await submit(ben, 'h-point', '[6, 2; 2, 1 2 +]');
      expect(out.status).toBe('unreadable');
      if (out.status !== 'unreadable') return;
      expect(out.error.message.length).toBeGreaterThan(0);
      expect(out.error.start).toBeGreaterThanOrEqual(0);
      expect(out.error.end).toBeGreaterThanOrEqual(out.error.start);
      expect(out.error.end).toBeLessThanOrEqual('[6, 2; 2, 1 2 +]'.length);
      // A 3-entry vector for a 2×2 matrix cannot be read as the answer either.
      expect((await submit(ben, 'h-point', '[1, 2, 3]')).status).toBe('unreadable');
      expect(await countAttempts(ben)).toBe(0);
      expect((await stateOf(ben, 'h-point')).attemptsUsed).toBe(0);
    });

    it('marks the right answer correct, reveals the worked steps and takes no more answers', async () => {
      const cy = await student('cy');
      graded(await submit(cy, 'h-point', '[6, 2; 2, 13]')); // one entry wrong: 3/4
      const right = graded(await submit(cy, 'h-point', '[[6, 2], [2, 12]]'));
      expect(right.result).toMatchObject({ verdict: 'correct', correct: true, score: 1, diagnosis: null });
      expect(right.state.status).toBe('correct');
      expect(right.state.bestScore).toBe(1);
      // after-last-attempt reveals after a correct answer: the answer and its steps.
      expect(right.state.solution).not.toBeNull();
      expect(right.state.solution!.answerHtml).toContain('katex');
      expect(right.state.solution!.steps.map((s) => s.title)).toEqual(['First partial derivatives', 'Differentiate each partial again', 'Substitute the point']);
      const again = await submit(cy, 'h-point', '[6, 2; 2, 12]');
      expect(again.status).toBe('closed');
      expect(await countAttempts(cy)).toBe(2);
    });

    it('stores one attempt for a retried or double-sent submission, and returns the stored result', async () => {
      const dee = await student('dee');
      const key = randomUUID();
      const first = graded(await submit(dee, 'h-point', '[3, 2; 2, 6]', key));
      const retry = graded(await submit(dee, 'h-point', '[3, 2; 2, 6]', key));
      expect(retry.repeated).toBe(true);
      expect(retry.result).toEqual(first.result);
      expect(retry.state.attemptsUsed).toBe(1);

      // Twenty copies of one new request at once: one row, and every copy gets it back.
      const key2 = randomUUID();
      const outs = await Promise.all(Array.from({ length: 20 }, () => submit(dee, 'h-point', '[6, 2; 2, 12]', key2)));
      const ids = new Set(outs.map((o) => graded(o).result.id));
      expect(ids.size).toBe(1);
      expect(outs.filter((o) => graded(o).repeated).length).toBe(19);
      expect(await countAttempts(dee)).toBe(2);
      expect(await prisma.attempt.count({ where: { idempotencyKey: key2 } })).toBe(1);
    });

    it('counts answers sent at once with different keys against the attempt limit', async () => {
      // h-point allows 3 attempts. Ten different wrong answers sent at the same moment (two
      // tabs, a double click with a fresh key): exactly 3 are graded and stored, numbered
      // 1, 2, 3; the other 7 are told the exercise is closed.
      const gus = await student('gus');
      const outs = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(gus, 'h-point', `[6, 2; 2, ${20 + i}]`)));
      expect(outs.filter((o) => o.status === 'graded').length).toBe(3);
      expect(outs.filter((o) => o.status === 'closed').length).toBe(7);
      const rows = await prisma.attempt.findMany({ where: { userId: gus }, select: { number: true } });
      expect(rows.map((r) => r.number).sort()).toEqual([1, 2, 3]);
    });

    it("never hands one student another's attempt through a reused key", async () => {
      const eve = await student('eve');
      const fay = await student('fay');
      const key = randomUUID();
      graded(await submit(eve, 'h-point', '[3, 2; 2, 6]', key));
      const stolen = await submit(fay, 'h-point', '[3, 2; 2, 6]', key);
      expect(stolen).toEqual({ status: 'key-reused' });
      // The same student reusing a key on another exercise is refused too.
      expect(await submit(eve, 'h-rand', '[6, 2; 2, 12]', key)).toEqual({ status: 'key-reused' });
      expect(await countAttempts(fay)).toBe(0);
      expect(await prisma.attempt.count({ where: { idempotencyKey: key } })).toBe(1);
    });

    it("gives each student their own variant and grades against it", async () => {
      const gil = await student('gil');
      const template = course().lessons[0].exercises[1].spec;
      const variant = generateVariant(template, variantSeed(gil, 'h-rand')) as { f: string };
      const a = Number(/^(\d+)\*x\^3/.exec(variant.f)?.[1]);
      expect(a).toBeGreaterThanOrEqual(2);
      expect(a).toBeLessThanOrEqual(9);
      // Hand-derived: H(1, 2) = [6a 2; 2 12].
      const state = await stateOf(gil, 'h-rand');
      // The question shows this student's a: f(x, y) = a·x³ + …
      expect(state.promptHtml).toContain(`<mo>=</mo><mn>${a}</mn>`);
      const right = graded(await submit(gil, 'h-rand', `[${6 * a}, 2; 2, 12]`));
      expect(right.result.correct).toBe(true);
      const row = await prisma.attempt.findFirstOrThrow({ where: { userId: gil } });
      expect(row.seed).toBe(variantSeed(gil, 'h-rand'));
    });

    it('closes an exercise after its last attempt, revealing only as its policy says', async () => {
      const hal = await student('hal');
      // h-rand: 2 attempts, reveal after-correct. A zero matrix is wrong for every a.
      graded(await submit(hal, 'h-rand', '[0, 0; 0, 0]'));
      const second = graded(await submit(hal, 'h-rand', '[0, 0; 0, 0]'));
      expect(second.result.verdict).toBe('wrong');
      expect(second.state).toMatchObject({ status: 'closed', attemptsLeft: 0, solution: null });
      expect(second.state.closedReason).toMatch(/all 2 attempts/);
      expect((await submit(hal, 'h-rand', '[0, 0; 0, 0]')).status).toBe('closed');
      expect(await countAttempts(hal)).toBe(2);

      // h-point: 3 attempts, reveal after-last-attempt: the third wrong answer reveals it.
      for (let i = 0; i < 3; i++) graded(await submit(hal, 'h-point', '[0, 0; 0, 0]'));
      const state = await stateOf(hal, 'h-point');
      expect(state.status).toBe('closed');
      expect(state.solution).not.toBeNull();
    });

    it('never reveals a "never" exercise and takes unlimited attempts; labels are read with synonyms', async () => {
      const ivy = await student('ivy');
      const wrong = graded(await submit(ivy, 'definite', 'indefinite'));
      expect(wrong.result).toMatchObject({ verdict: 'wrong', entries: null });
      expect(wrong.state.form.labels).toContain('positive definite');
      expect(wrong.state.attemptsLeft).toBeNull();
      expect((await submit(ivy, 'definite', 'purple')).status).toBe('unreadable');
      const right = graded(await submit(ivy, 'definite', 'Positive Definite'));
      expect(right.result.correct).toBe(true);
      expect(right.state.solution).toBeNull();
    });

    it('reveals an after-due exercise only after the due date, and then takes no more answers', async () => {
      const jo = await student('jo');
      const lesson = await prisma.lesson.findFirstOrThrow({ where: { courseId, slug: 'gradients' } });
      const due = new Date('2030-01-01T00:00:00Z');
      await prisma.lesson.update({ where: { id: lesson.id }, data: { dueAt: due } });
      try {
        const before = new Date('2029-12-31T00:00:00Z');
        const right = graded(await submit(jo, 'g-point', '(7, 14)', randomUUID(), before));
        expect(right.result.correct).toBe(true);
        expect(right.state.solution).toBeNull(); // correct, but after-due waits for the date
        const after = new Date('2030-01-02T00:00:00Z');
        expect((await stateOf(jo, 'g-point', 'gradients', after)).solution).not.toBeNull();

        // A student who never answered: closed once the answer is out.
        const kim = await student('kim');
        expect((await stateOf(kim, 'g-point', 'gradients', before)).status).toBe('open');
        const late = await stateOf(kim, 'g-point', 'gradients', after);
        expect(late).toMatchObject({ status: 'closed' });
        expect(late.solution).not.toBeNull();
        expect((await submit(kim, 'g-point', '(7, 14)', randomUUID(), after)).status).toBe('closed');
      } finally {
        await prisma.lesson.update({ where: { id: lesson.id }, data: { dueAt: null } });
      }
    });

    it("shows an instructor of the course every answer, yet grades and counts their attempts", async () => {
      const teacher = await student('teacher-2', false);
      await prisma.enrollment.create({ data: { userId: teacher, courseId, role: 'instructor' } });
      const view = await lessonView(prisma, teacher, 'calc', 'hessian');
      if (view.status !== 'ok') throw new Error(view.status);
      // Even "never" and an untouched exercise: instructors always see the answer.
      expect(view.exercises.every((e) => e.solution !== null && e.status === 'open')).toBe(true);
      const out = graded(await submit(teacher, 'h-point', '[6, 2; 2, 12]'));
      expect(out.result.correct).toBe(true);
      expect(out.state.attemptsUsed).toBe(1);
      // A student of the same course still sees nothing before answering.
      expect((await stateOf(await student('pupil'), 'definite')).solution).toBeNull();
    });

    it('lets a regrade supersede the stored result', async () => {
      const lee = await student('lee');
      const out = graded(await submit(lee, 'h-point', '[6, 2; 2, 13]'));
      expect(out.result.score).toBe(0.75);
      await prisma.grade.create({
        data: { attemptId: out.result.id, graderVersion: 2, specHash: 'hash-h-point', score: 1, correct: true, feedback: ['Correct.'], reason: 'fixed tolerance' },
      });
      const state = await stateOf(lee, 'h-point');
      expect(state).toMatchObject({ status: 'correct', bestScore: 1 });
      expect(state.last).toMatchObject({ id: out.result.id, verdict: 'correct', score: 1 });
    });

    it('sums progress per lesson and lists history newest first, a page at a time', async () => {
      const max = await student('max');
      const t = (s: number) => new Date(Date.UTC(2027, 0, 1, 12, 0, s));
      graded(await submit(max, 'h-point', '[3, 2; 2, 6]', randomUUID(), t(1))); // 0.5
      graded(await submit(max, 'h-point', '[6, 2; 2, 13]', randomUUID(), t(2))); // 0.75
      graded(await submit(max, 'definite', 'positive definite', randomUUID(), t(3))); // 1, done
      graded(await submit(max, 'g-point', '(7, 15)', randomUUID(), t(4))); // 0.5; its only attempt → done

      const progress = await courseProgress(prisma, max, 'calc');
      expect(progress).toEqual([
        // h-point best 0.75 (open), h-rand untouched, definite 1 (correct): (0.75 + 0 + 1) / 3
        { slug: 'hessian', title: 'The Hessian', position: 0, total: 3, attempted: 2, done: 1, score: 1.75 / 3, lastActivity: t(3) },
        { slug: 'gradients', title: 'Gradients', position: 1, total: 1, attempted: 1, done: 1, score: 0.5, lastActivity: t(4) },
      ]);

      const page1 = await attemptHistory(prisma, max, { limit: 3 });
      expect(page1.entries.map((e) => e.answerText)).toEqual(['(7, 15)', 'positive definite', '[6, 2; 2, 13]']);
      expect(page1.entries[0]).toMatchObject({
        course: { slug: 'calc', title: 'Calculus' },
        lesson: { slug: 'gradients', title: 'Gradients' },
        exercise: { key: 'g-point', title: 'Gradient' },
        verdict: 'partly',
        score: 0.5,
      });
      expect(page1.next).toBe(page1.entries[2].id);
      const page2 = await attemptHistory(prisma, max, { limit: 3, before: page1.next! });
      expect(page2.entries.map((e) => e.answerText)).toEqual(['[3, 2; 2, 6]']);
      expect(page2.entries[0].diagnosis).toMatch(/half the right ones/);
      expect(page2.next).toBeNull();
    });

    it("keeps students' attempts apart in every view", async () => {
      const nia = await student('nia');
      const oli = await student('oli');
      const marker = '[3.00017, 2; 2, 6]';
      const out = graded(await submit(nia, 'h-point', marker));
      expect(out.result.diagnosis?.id).toBe('diagonal-halved'); // within tolerance of [3 2; 2 6]

      // Oli sees none of it: lesson view, progress, history.
      const mine = await stateOf(oli, 'h-point');
      expect(mine).toMatchObject({ attemptsUsed: 0, last: null, bestScore: null, hintsHtml: [] });
      expect(JSON.stringify(await lessonView(prisma, oli, 'calc', 'hessian'))).not.toContain('3.00017');
      const progress = await courseProgress(prisma, oli, 'calc');
      expect(progress!.every((l) => l.attempted === 0 && l.done === 0 && l.score === 0 && l.lastActivity === null)).toBe(true);
      expect((await attemptHistory(prisma, oli)).entries).toEqual([]);
      // Nia's attempt id as a cursor does not open her history to Oli.
      expect((await attemptHistory(prisma, oli, { before: out.result.id })).entries).toEqual([]);

      // And Nia still sees her own.
      expect((await attemptHistory(prisma, nia)).entries.map((e) => e.answerText)).toEqual([marker]);
      expect((await stateOf(nia, 'h-point')).last?.answerText).toBe(marker);
    });
  });
}
