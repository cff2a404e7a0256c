/**
 * Course settings (server/teach/settings.ts) and the rules students meet because of them
 * (server/attempts.ts rulesFor): a lesson's attempts and reveal overrides, its due date and
 * per-student extensions, enrolment codes, the forms' checks, and refusals of ids from other
 * courses, students and signed-out users. settings-sqlite.test.ts and
 * settings-postgres.test.ts run it on a temporary SQLite file and a throw-away PostgreSQL.
 *
 * Expected values are worked out by hand in the comments.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type PrismaClient } from '@/server/db/client';
import { syncCourse, type CourseData } from '@/server/db/seed';
import { rulesFor } from '@/lib/content';
import { courseProgress, lessonView, submitAttempt } from '@/server/attempts';
import type { ExerciseState } from '@/server/wire';
import { staffAccess } from '@/server/teach/access';
import {
  courseSettings,
  generateJoinCode,
  parseEnrolmentForm,
  parseExtensionForm,
  parseLessonForm,
  removeExtension,
  saveExtension,
  saveLessonSettings,
} from '@/server/teach/settings';
import { useMigratedDatabase, type Harness } from '../support/database';
import { CUBIC_HESSIAN, DEFINITE, exercise, testCourse } from '../support/course';

/**
 * One lesson, two exercises as authored: h-point (3 attempts, reveal after the last
 * attempt; H(1, 2) of x³ + y³ + 2xy = [6 2; 2 12]) and definite (unlimited, never).
 */
function course(slug: string): CourseData {
  return testCourse(slug, `Course ${slug}`, [
    { slug: 'hessian', title: 'The Hessian', exercises: [exercise('h-point', CUBIC_HESSIAN, { attempts: 3, reveal: 'after-last-attempt' }), exercise('definite', DEFINITE)] },
    { slug: 'empty', title: 'An empty lesson', exercises: [] },
  ]);
}

/** Registers the tests; `setup` makes an empty database. */
export function settingsSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`course settings (${name})`, () => {
    let prisma: PrismaClient;
    useMigratedDatabase(setup, (p) => (prisma = p));

    /** A fresh course of its own, with an instructor; `student()` adds enrolled students. */
    async function newCourse() {
      const slug = `s-${randomUUID().slice(0, 8)}`;
      await syncCourse(prisma, course(slug));
      const row = await prisma.course.findUniqueOrThrow({ where: { slug }, include: { lessons: { orderBy: { position: 'asc' } } } });
      const user = async (label: string, role: string | null) => {
        const id = `${label}-${randomUUID()}`;
        await prisma.user.create({ data: { id, name: label, email: `${id}@example.com` } });
        if (role) await prisma.enrollment.create({ data: { userId: id, courseId: row.id, role } });
        return id;
      };
      const teacher = await user('teacher', 'instructor');
      return { slug, id: row.id, lesson: row.lessons[0].id, emptyLesson: row.lessons[1].id, teacher, student: (label: string) => user(label, 'student'), user };
    }

    type Course = Awaited<ReturnType<typeof newCourse>>;

    const submit = (c: Course, userId: string, exercise: string, answer: string, now?: Date) =>
      submitAttempt(prisma, { userId, course: c.slug, exercise, answer, idempotencyKey: randomUUID(), now });

    async function stateOf(c: Course, userId: string, key: string, now?: Date): Promise<ExerciseState> {
      const view = await lessonView(prisma, userId, c.slug, 'hessian', now);
      if (view.status !== 'ok') throw new Error(view.status);
      return view.exercises.find((e) => e.key === key)!;
    }

    const lessonSettings = (c: Course, data: { dueAt?: Date | null; attempts?: number | null; reveal?: 'after-due' | 'never' | 'always' | null }) =>
      saveLessonSettings(prisma, c.id, { lessonId: c.lesson, dueAt: data.dueAt ?? null, attempts: data.attempts ?? null, reveal: data.reveal ?? null });

    it('applies the overrides and the extension in one rule', () => {
      const authored = { attempts: 3, reveal: 'after-last-attempt' as const, hints: [] };
      const due = new Date('2030-01-01T00:00:00Z');
      const later = new Date('2030-02-01T00:00:00Z');
      expect(rulesFor(authored, { dueAt: null, attempts: null, reveal: null })).toEqual({ settings: authored, dueAt: null });
      expect(rulesFor(authored, { dueAt: due, attempts: 0, reveal: 'never' }, null)).toEqual({ settings: { ...authored, attempts: 0, reveal: 'never' }, dueAt: due });
      expect(rulesFor(authored, { dueAt: due, attempts: 1, reveal: null }, { dueAt: later })).toEqual({ settings: { ...authored, attempts: 1 }, dueAt: later });
      // An extension also gives a due date to a lesson without one.
      expect(rulesFor(authored, { dueAt: null, attempts: null, reveal: null }, { dueAt: later }).dueAt).toEqual(later);
      // A stored value that is not a policy is ignored.
      expect(rulesFor(authored, { dueAt: null, attempts: null, reveal: 'sometimes' }).settings.reveal).toBe('after-last-attempt');
    });

    it('closes an exercise after one wrong attempt when the lesson allows 1', async () => {
      const c = await newCourse();
      const ann = await c.student('ann');
      expect(await lessonSettings(c, { attempts: 1 })).toBe('saved');
      const before = await stateOf(c, ann, 'h-point');
      expect(before).toMatchObject({ status: 'open', attemptsAllowed: 1, attemptsLeft: 1 });
      // The unlimited exercise is limited too: the override covers every exercise of the lesson.
      expect((await stateOf(c, ann, 'definite')).attemptsAllowed).toBe(1);

      const wrong = await submit(c, ann, 'h-point', '[0, 0; 0, 0]');
      if (wrong.status !== 'graded') throw new Error(wrong.status);
      expect(wrong.state).toMatchObject({ status: 'closed', attemptsLeft: 0 });
      expect(wrong.state.closedReason).toBe('You have used all 1 attempt.');
      // after-last-attempt (as authored): the last attempt is used, so the answer shows.
      expect(wrong.state.solution).not.toBeNull();
      expect((await submit(c, ann, 'h-point', '[6, 2; 2, 12]')).status).toBe('closed');
      expect(await prisma.attempt.count({ where: { userId: ann } })).toBe(1);
      // Progress: h-point closed (done), definite untouched → 1 of 2 done.
      expect((await courseProgress(prisma, ann, c.slug))![0]).toMatchObject({ done: 1, attempted: 1, total: 2 });

      // Back to as authored: 3 attempts, 1 used → open again with 2 left.
      await lessonSettings(c, { attempts: null });
      expect(await stateOf(c, ann, 'h-point')).toMatchObject({ status: 'open', attemptsAllowed: 3, attemptsLeft: 2 });
    });

    it('hides the solution when the lesson says reveal "never"', async () => {
      const c = await newCourse();
      const [ann, ben] = [await c.student('ann'), await c.student('ben')];
      await lessonSettings(c, { attempts: 1 });
      const shown = await submit(c, ann, 'h-point', '[0, 0; 0, 0]');
      if (shown.status !== 'graded') throw new Error(shown.status);
      expect(shown.state.solution).not.toBeNull(); // as authored: after the last attempt

      await lessonSettings(c, { attempts: 1, reveal: 'never' });
      const hidden = await submit(c, ben, 'h-point', '[0, 0; 0, 0]');
      if (hidden.status !== 'graded') throw new Error(hidden.status);
      expect(hidden.state).toMatchObject({ status: 'closed', solution: null });
      // Ann's view follows the new rule too.
      expect((await stateOf(c, ann, 'h-point')).solution).toBeNull();
      // A right answer under "never" is still not shown the worked steps.
      await lessonSettings(c, { reveal: 'never' });
      const cy = await c.student('cy');
      const right = await submit(c, cy, 'h-point', '[6, 2; 2, 12]');
      expect(right.status === 'graded' && right.state).toMatchObject({ status: 'correct', solution: null });
      // An instructor of the course still sees it.
      expect((await stateOf(c, c.teacher, 'h-point')).solution).not.toBeNull();
    });

    it('reveals an after-due answer once the due date passed, but not to a student with an extension', async () => {
      const c = await newCourse();
      const [ann, ben] = [await c.student('ann'), await c.student('ben')];
      const due = new Date('2030-01-01T00:00:00Z');
      const extended = new Date('2030-02-01T00:00:00Z');
      const between = new Date('2030-01-15T00:00:00Z');
      await lessonSettings(c, { dueAt: due, reveal: 'after-due' });
      expect(await saveExtension(prisma, c.id, { lessonId: c.lesson, userId: ben, dueAt: extended })).toBe('saved');

      // Before the due date nobody sees it.
      const early = new Date('2029-12-31T00:00:00Z');
      expect((await stateOf(c, ann, 'h-point', early)).solution).toBeNull();
      // Between the two dates: Ann's due date passed (answer shown, exercise closed) …
      expect(await stateOf(c, ann, 'h-point', between)).toMatchObject({ status: 'closed' });
      expect((await stateOf(c, ann, 'h-point', between)).solution).not.toBeNull();
      expect((await submit(c, ann, 'h-point', '[6, 2; 2, 12]', between)).status).toBe('closed');
      // … Ben's has not: no answer, and he may still submit.
      expect(await stateOf(c, ben, 'h-point', between)).toMatchObject({ status: 'open', solution: null });
      const late = await submit(c, ben, 'h-point', '[6, 2; 2, 13]', between);
      expect(late.status === 'graded' && late.state).toMatchObject({ status: 'open', solution: null, attemptsLeft: 2 });
      // Progress at that time: Ann's two exercises are both finished (h-point: answer out;
      // definite: reveal "never" is overridden by after-due too, so it is out and closed) …
      expect((await courseProgress(prisma, ann, c.slug, between))![0].done).toBe(2);
      // … Ben's are not.
      expect((await courseProgress(prisma, ben, c.slug, between))![0].done).toBe(0);
      // After his extension, Ben sees it too.
      expect((await stateOf(c, ben, 'h-point', new Date('2030-02-02T00:00:00Z'))).solution).not.toBeNull();

      // The settings page lists the extension; changing it keeps one row; removing it ends it.
      const listed = await courseSettings(prisma, c.id);
      expect(listed.extensions).toEqual([
        { id: expect.any(String), lessonId: c.lesson, lessonTitle: 'The Hessian', userId: ben, name: 'ben', email: `${ben}@example.com`, dueAt: '2030-02-01T00:00:00.000Z' },
      ]);
      const sooner = new Date('2030-01-10T00:00:00Z');
      expect(await saveExtension(prisma, c.id, { lessonId: c.lesson, userId: ben, dueAt: sooner })).toBe('saved');
      expect(await prisma.extension.count({ where: { userId: ben } })).toBe(1);
      // His extension now ends 2030-01-10, before `between`: at that time he sees the answer.
      expect((await stateOf(c, ben, 'h-point', between)).solution).not.toBeNull();
      expect(await removeExtension(prisma, c.id, listed.extensions[0].id)).toBe('removed');
      expect(await removeExtension(prisma, c.id, listed.extensions[0].id)).toBe('not-found');
      expect((await courseSettings(prisma, c.id)).extensions).toEqual([]);
    });

    it('shows the page: enrolment, lessons with what was authored, students', async () => {
      const c = await newCourse();
      const ann = await c.student('ann');
      await lessonSettings(c, { dueAt: new Date('2030-01-01T09:30:00Z'), attempts: 0 });
      const page = await courseSettings(prisma, c.id);
      expect(page).toMatchObject({ openEnrollment: false, joinCode: null, students: [{ id: ann, name: 'ann' }] });
      expect(page.lessons).toEqual([
        // Authored: h-point 3 attempts / after-last-attempt, definite 0 / never.
        { id: c.lesson, slug: 'hessian', title: 'The Hessian', dueAt: '2030-01-01T09:30:00.000Z', attempts: 0, reveal: null, authored: { attempts: [0, 3], reveal: ['after-last-attempt', 'never'] } },
        { id: c.emptyLesson, slug: 'empty', title: 'An empty lesson', dueAt: null, attempts: null, reveal: null, authored: { attempts: [], reveal: [] } },
      ]);
      // Clearing the due date removes it.
      await lessonSettings(c, { dueAt: null });
      expect((await prisma.lesson.findUniqueOrThrow({ where: { id: c.lesson } })).dueAt).toBeNull();
    });

    it('generates a join code for an instructor, never for a student', async () => {
      const c = await newCourse();
      const ann = await c.student('ann');
      const made = await generateJoinCode(prisma, { id: c.teacher, role: 'instructor' }, c.slug);
      expect(made.outcome).toBe('saved');
      expect(made.joinCode).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
      expect((await prisma.course.findUniqueOrThrow({ where: { id: c.id } })).joinCode).toBe(made.joinCode);
      const refused = await generateJoinCode(prisma, { id: ann, role: 'student' }, c.slug);
      expect(refused).toEqual({ outcome: 'forbidden', joinCode: null });
      expect((await prisma.course.findUniqueOrThrow({ where: { id: c.id } })).joinCode).toBe(made.joinCode);
    });

    it("refuses another course's lessons and extensions, and non-students", async () => {
      const c = await newCourse();
      const other = await newCourse();
      const ann = await c.student('ann');
      const stranger = await c.user('stranger', null);
      // Staff access: a student, a signed-out user and the other course's instructor are refused here.
      expect(await staffAccess(prisma, { id: ann, role: 'student' }, c.slug)).toEqual({ status: 'forbidden' });
      expect(await staffAccess(prisma, null, c.slug)).toEqual({ status: 'signed-out' });
      expect(await staffAccess(prisma, { id: other.teacher, role: 'instructor' }, c.slug)).toEqual({ status: 'forbidden' });

      // Passing their own course's check, they still cannot reach this course's rows by id.
      const due = new Date('2030-01-01T00:00:00Z');
      expect(await saveLessonSettings(prisma, other.id, { lessonId: c.lesson, dueAt: due, attempts: 1, reveal: 'never' })).toBe('not-found');
      expect(await prisma.lesson.findUniqueOrThrow({ where: { id: c.lesson } })).toMatchObject({ dueAt: null, attempts: null, reveal: null });
      expect(await saveExtension(prisma, other.id, { lessonId: c.lesson, userId: ann, dueAt: due })).toBe('lesson-not-found');
      // Ann is not a student of the other course.
      expect(await saveExtension(prisma, other.id, { lessonId: other.lesson, userId: ann, dueAt: due })).toBe('not-a-student');
      expect(await saveExtension(prisma, c.id, { lessonId: c.lesson, userId: stranger, dueAt: due })).toBe('not-a-student');
      expect(await saveExtension(prisma, c.id, { lessonId: c.lesson, userId: c.teacher, dueAt: due })).toBe('not-a-student');
      expect(await saveExtension(prisma, c.id, { lessonId: c.lesson, userId: ann, dueAt: due })).toBe('saved');
      const ext = (await courseSettings(prisma, c.id)).extensions[0];
      expect(await removeExtension(prisma, other.id, ext.id)).toBe('not-found');
      expect(await prisma.extension.count({ where: { id: ext.id } })).toBe(1);
      expect((await courseSettings(prisma, other.id)).extensions).toEqual([]);
    });

    it('checks every field of the forms, one message each', () => {
      const lesson = (values: Record<string, unknown>) => parseLessonForm({ lessonId: 'l1', dueAt: '', attempts: '', reveal: '', ...values });
      expect(lesson({})).toEqual({ ok: true, data: { lessonId: 'l1', dueAt: null, attempts: null, reveal: null } });
      expect(lesson({ dueAt: '2030-01-15T09:00:00.000Z', attempts: ' 0 ', reveal: 'after-due' })).toEqual({
        ok: true,
        data: { lessonId: 'l1', dueAt: new Date(Date.UTC(2030, 0, 15, 9)), attempts: 0, reveal: 'after-due' },
      });
      const bad = lesson({ dueAt: 'tomorrow', attempts: 'three', reveal: 'sometimes' });
      expect(bad.ok).toBe(false);
      if (!bad.ok) {
        expect(Object.keys(bad.fieldErrors).sort()).toEqual(['attempts', 'dueAt', 'reveal']);
        expect(bad.message).toBe('3 fields need a fix; see the note beside each.');
        expect(bad.fieldErrors.attempts).toMatch(/whole number from 0/);
        expect(bad.fieldErrors.reveal).toMatch(/reveal policies/);
        expect(bad.fieldErrors.dueAt).toMatch(/date and time/);
      }
      for (const attempts of ['-1', '1.5', '1001', '1e2']) expect(lesson({ attempts }).ok).toBe(false);
      expect(lesson({ attempts: '1000' }).ok).toBe(true);
      // A local time without a zone, an impossible date, a year out of range: refused.
      for (const dueAt of ['2030-01-15T10:00', '2030-02-30T10:00:00.000Z', '1999-12-31T23:00:00.000Z']) expect(lesson({ dueAt }).ok).toBe(false);
      expect(parseLessonForm({ dueAt: '' }).ok).toBe(false); // no lesson

      const ext = parseExtensionForm({ lessonId: '', userId: '', dueAt: '' });
      expect(ext.ok === false && Object.keys(ext.fieldErrors).sort()).toEqual(['dueAt', 'lessonId', 'userId']);
      expect(parseExtensionForm({ lessonId: 'l', userId: 'u', dueAt: '2030-02-01T00:00:00.000Z' })).toEqual({
        ok: true,
        data: { lessonId: 'l', userId: 'u', dueAt: new Date(Date.UTC(2030, 1, 1)) },
      });

      expect(parseEnrolmentForm({ openEnrollment: true, joinCode: ' calc-2030 ' })).toEqual({ ok: true, data: { openEnrollment: true, joinCode: 'calc-2030' } });
      expect(parseEnrolmentForm({ openEnrollment: false, joinCode: '' })).toEqual({ ok: true, data: { openEnrollment: false, joinCode: null } });
      const code = parseEnrolmentForm({ openEnrollment: false, joinCode: 'no spaces!' });
      expect(code.ok === false && code.fieldErrors.joinCode).toMatch(/4–32 letters/);
      expect(code.ok === false && code.message).toBe(code.ok === false && code.fieldErrors.joinCode); // one bad field: its own message
      expect(parseEnrolmentForm({ openEnrollment: 'yes', joinCode: '' }).ok).toBe(false);
    });
  });
}
