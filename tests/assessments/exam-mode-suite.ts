/**
 * Exam mode (server/exam-mode.ts) on a real database: while a student sits an exam only the
 * exam's own page and answers in its sitting are open to them — lessons of every course,
 * another assessment (its page, its start, answers in its sitting) and the attempt
 * history are closed, each refusal is in the exam's audit log, and everything reopens once
 * the exam is submitted (practice: e2e/assessments.spec.ts). A course the student teaches stays open. The history never shows
 * the verdict of an answer whose results are held. An access code is compared in constant
 * time and guessing it is slowed like a password. Hessians by hand: f = k·x² + y² + x·y has
 * H = [2k 1; 1 2].
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@/server/db/client';
import { syncCourse, type CourseData, type ExerciseData } from '@/server/db/seed';
import { attemptHistory, lessonView, submitAttempt } from '@/server/attempts';
import { sameCode, startSitting, submitSitting, waitText } from '@/server/assessments';
import { examClosingFor } from '@/server/exam-mode';
import { releaseResults } from '@/server/teach/assessments';
import { useMigratedDatabase, type Harness } from '../support/database';

const MIN = 60_000;
const T0 = new Date('2026-04-06T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);

function ex(key: string, k: number, position: number): ExerciseData {
  const spec = { kind: 'hessian', f: `${k}*x^2 + y^2 + x*y`, vars: ['x', 'y'], at: [0, 0] };
  return { key, kind: 'hessian', kindVersion: 1, spec, specHash: `hash-${key}`, position, settings: { attempts: 5, reveal: 'after-correct' } };
}
/** k of each exercise: its Hessian's top-left entry is 2k. */
const K: Record<string, number> = { 'e-1': 3, 'q-1': 4, 'l-1': 5, 'o-1': 6 };
const right = (key: string) => `[${2 * K[key]}, 1; 1, 2]`;

function examCourse(): CourseData {
  return {
    slug: 'exm',
    title: 'Exam course',
    lessons: [{ slug: 'hessian', title: 'The Hessian', position: 0, exercises: [ex('e-1', K['e-1'], 0), ex('q-1', K['q-1'], 1), ex('l-1', K['l-1'], 2)] }],
    assessments: [
      {
        slug: 'quiz-1', title: 'Quiz 1', type: 'quiz', opensAt: T0.toISOString(), closesAt: at(600).toISOString(),
        timeLimitMinutes: null, attempts: 2, reveal: 'release', accessCode: null, slots: [{ exercise: 'q-1', points: 1 }],
      },
      {
        slug: 'exam-1', title: 'Exam 1', type: 'exam', opensAt: T0.toISOString(), closesAt: at(600).toISOString(),
        timeLimitMinutes: 60, attempts: 1, reveal: 'release', accessCode: null, slots: [{ exercise: 'e-1', points: 1 }],
      },
      {
        slug: 'exam-2', title: 'Exam 2', type: 'exam', opensAt: T0.toISOString(), closesAt: at(600).toISOString(),
        timeLimitMinutes: 60, attempts: 1, reveal: 'release', accessCode: 'SESAME-42', slots: [{ exercise: 'e-1', points: 1 }],
      },
    ],
  };
}
function otherCourse(): CourseData {
  return { slug: 'oth', title: 'Other course', lessons: [{ slug: 'more', title: 'More', position: 0, exercises: [ex('o-1', K['o-1'], 0)] }] };
}

export function examModeSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`exam mode (${name})`, () => {
    let prisma: PrismaClient;
    const course: Record<string, string> = {};
    useMigratedDatabase(setup, (p) => (prisma = p));
    beforeAll(async () => {
      await syncCourse(prisma, examCourse());
      await syncCourse(prisma, otherCourse());
      for (const slug of ['exm', 'oth']) course[slug] = (await prisma.course.findUniqueOrThrow({ where: { slug } })).id;
    });

    async function user(label: string, roles: Record<string, 'student' | 'instructor'>): Promise<string> {
      const id = `${label}-${randomUUID()}`;
      await prisma.user.create({ data: { id, name: label, email: `${id}@example.com` } });
      for (const [slug, role] of Object.entries(roles)) await prisma.enrollment.create({ data: { userId: id, courseId: course[slug], role } });
      return id;
    }
    const answer = (userId: string, c: string, exercise: string, text: string, sitting: string | undefined, now: Date) =>
      submitAttempt(prisma, { userId, course: c, exercise, answer: text, idempotencyKey: randomUUID(), sitting, now });
    const sittingOf = async (userId: string, slug: string) => (await prisma.sitting.findFirstOrThrow({ where: { userId, assessment: { slug } } })).id;

    it('while the exam is open only its own page and sitting answer; the rest is closed, logged, and reopens after the submit', async () => {
      const u = await user('examinee', { exm: 'student', oth: 'student' });
      // Before the exam: the quiz is started and answered (held until release), a lesson exercise answered.
      expect((await startSitting(prisma, u, 'exm', 'quiz-1', { now: at(1) })).status).toBe('started');
      const quiz = await sittingOf(u, 'quiz-1');
      expect((await answer(u, 'exm', 'q-1', right('q-1'), quiz, at(2))).status).toBe('saved');
      expect((await answer(u, 'oth', 'o-1', right('o-1'), undefined, at(3))).status).toBe('graded');

      expect((await startSitting(prisma, u, 'exm', 'exam-1', { now: at(10) })).status).toBe('started');
      const exam = await sittingOf(u, 'exam-1');
      // Its own page and its sitting stay open.
      expect(await examClosingFor(prisma, u, { page: '/courses/exm/assessments/exam-1', course: 'exm', assessment: 'exam-1' }, at(11))).toBeNull();
      expect((await answer(u, 'exm', 'e-1', right('e-1'), exam, at(11))).status).toBe('saved');
      // Closed: the other assessment's page, its start and its sitting; lessons of this and the other course; the history; practice.
      for (const asked of [
        { page: '/courses/exm/assessments/quiz-1', course: 'exm', assessment: 'quiz-1' },
        { page: '/courses/exm/hessian', course: 'exm' },
        { page: '/courses/oth/more', course: 'oth' },
        { page: '/dashboard/history', course: null },
      ]) {
        expect((await examClosingFor(prisma, u, asked, at(12)))?.slug).toBe('exam-1');
      }
      const restart = await startSitting(prisma, u, 'exm', 'quiz-1', { now: at(12) });
      expect(restart).toEqual({ status: 'closed-for-exam', message: 'Closed during the exam: you are sitting Exam 1.' });
      expect((await answer(u, 'exm', 'q-1', right('q-1'), quiz, at(12))).status).toBe('closed');
      expect((await answer(u, 'exm', 'l-1', right('l-1'), undefined, at(12))).status).toBe('closed');
      expect((await answer(u, 'oth', 'o-1', right('o-1'), undefined, at(12))).status).toBe('closed');
      for (const [c, l] of [['exm', 'hessian'], ['oth', 'more']]) {
        const view = await lessonView(prisma, u, c, l, at(12));
        if (view.status !== 'ok') throw new Error(view.status);
        expect(view.exercises.every((e) => e.status === 'closed' && /Closed during the exam \(Exam 1\)/.test(e.closedReason ?? '') && e.solution === null && e.last === null)).toBe(true);
      }
      // Nothing closed was stored: the quiz still has its one answer, the lessons theirs from before.
      expect(await prisma.attempt.count({ where: { userId: u } })).toBe(3);
      // Every refusal is in the exam's log, with what was asked for.
      const examRow = await prisma.assessment.findFirstOrThrow({ where: { slug: 'exam-1', courseId: course.exm } });
      const refused = await prisma.assessmentEvent.findMany({ where: { assessmentId: examRow.id, userId: u, action: 'refused' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      expect(refused.map((e) => e.detail)).toEqual([
        { reason: 'closed-for-exam', page: '/courses/exm/assessments/quiz-1' },
        { reason: 'closed-for-exam', page: '/courses/exm/hessian' },
        { reason: 'closed-for-exam', page: '/courses/oth/more' },
        { reason: 'closed-for-exam', page: '/dashboard/history' },
        { reason: 'closed-for-exam', exercise: 'q-1', course: 'exm' },
        { reason: 'closed-for-exam', exercise: 'l-1', course: 'exm' },
        { reason: 'closed-for-exam', exercise: 'o-1', course: 'oth' },
      ]);
      // The refused start is in the quiz's own log.
      const quizRow = await prisma.assessment.findFirstOrThrow({ where: { slug: 'quiz-1', courseId: course.exm } });
      expect((await prisma.assessmentEvent.findMany({ where: { assessmentId: quizRow.id, userId: u, action: 'refused' } })).map((e) => e.detail)).toEqual([{ reason: 'closed-for-exam' }]);

      // Submitted: everything reopens.
      expect(await submitSitting(prisma, u, 'exm', 'exam-1', at(20))).toBe('submitted');
      expect(await examClosingFor(prisma, u, { page: '/courses/oth/more', course: 'oth' }, at(21))).toBeNull();
      expect((await answer(u, 'exm', 'l-1', right('l-1'), undefined, at(21))).status).toBe('graded');
      expect((await answer(u, 'exm', 'q-1', right('q-1'), quiz, at(21))).status).toBe('saved');
      expect((await startSitting(prisma, u, 'exm', 'quiz-1', { now: at(21) })).status).toBe('resumed');
    });

    it('the exam closes at its deadline too, and a course the student teaches stays open during it', async () => {
      const u = await user('ta', { exm: 'student', oth: 'instructor' });
      expect((await startSitting(prisma, u, 'exm', 'exam-1', { now: at(100) })).status).toBe('started');
      expect(await examClosingFor(prisma, u, { page: '/courses/oth/more', course: 'oth' }, at(101))).toBeNull();
      expect((await answer(u, 'oth', 'o-1', right('o-1'), undefined, at(101))).status).toBe('graded');
      expect((await examClosingFor(prisma, u, { page: '/courses/exm/hessian', course: 'exm' }, at(101)))?.slug).toBe('exam-1');
      // 60 minutes after the start (100 + 60 = 160) the sitting is over: the lessons reopen.
      expect((await examClosingFor(prisma, u, { page: '/courses/exm/hessian', course: 'exm' }, at(159)))?.slug).toBe('exam-1');
      expect(await examClosingFor(prisma, u, { page: '/courses/exm/hessian', course: 'exm' }, at(160))).toBeNull();
    });

    it('the access code is compared in constant time, guessing is slowed like a password, and every failure is logged', async () => {
      expect(sameCode(' SESAME-42 ', 'SESAME-42')).toBe(true);
      // The wait in words (the page says it too): seconds below a minute, else minutes rounded up.
      expect([1, 40, 60, 61, 900].map(waitText)).toEqual(['1 second', '40 seconds', '1 minute', '2 minutes', '15 minutes']);
      for (const typed of ['sesame-42', 'SESAME-4', 'SESAME-421', '', 'SESAME 42']) expect(sameCode(typed, 'SESAME-42')).toBe(false);
      const u = await user('guesser', { exm: 'student' });
      const T = at(400).getTime();
      const start = (code: string, ms: number) => startSitting(prisma, u, 'exm', 'exam-2', { accessCode: code, now: new Date(T + ms) });
      // Five wrong codes go through at once (SIGN_IN_FREE_TRIES = 5) …
      for (let i = 1; i <= 5; i++) expect((await start(`GUESS-${i}`, 0)).status).toBe('wrong-code');
      // … the sixth must wait 2^(5 − 5) = 1 s after the fifth, even with the right code.
      expect(await start('SESAME-42', 0)).toEqual({ status: 'code-throttled', message: 'Too many wrong access codes: try again in 1 second.', retryAfter: 1 });
      expect((await start('GUESS-6', 1000)).status).toBe('wrong-code');
      // The seventh waits 2^(6 − 5) = 2 s after the sixth (at 1 s): at 2 s one second is left; at 3 s it is let through.
      expect(await start('SESAME-42', 2000)).toEqual({ status: 'code-throttled', message: 'Too many wrong access codes: try again in 1 second.', retryAfter: 1 });
      expect((await start('SESAME-42', 3000)).status).toBe('started');
      // The right code clears the count.
      expect(await prisma.rateLimit.count({ where: { key: { startsWith: 'examcode|' }, AND: { key: { endsWith: `|${u}` } } } })).toBe(0);
      const row = await prisma.assessment.findFirstOrThrow({ where: { slug: 'exam-2', courseId: course.exm } });
      const events = await prisma.assessmentEvent.findMany({ where: { assessmentId: row.id, userId: u }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      expect(events.map((e) => [e.action, (e.detail as { reason?: string } | null)?.reason ?? null, e.createdAt.getTime() - T])).toEqual([
        ...[1, 2, 3, 4, 5].map(() => ['refused', 'wrong-code', 0]),
        ['refused', 'code-throttled', 0],
        ['refused', 'wrong-code', 1000],
        ['refused', 'code-throttled', 2000],
        ['start', null, 3000],
      ]);
    });

    it('the history shows no verdict of an answer whose results are held, until the release', async () => {
      const u = await user('held', { exm: 'student' });
      expect((await startSitting(prisma, u, 'exm', 'quiz-1', { now: at(200) })).status).toBe('started');
      expect((await answer(u, 'exm', 'q-1', right('q-1'), await sittingOf(u, 'quiz-1'), at(201))).status).toBe('saved');
      const before = (await attemptHistory(prisma, u)).entries;
      expect(before.map((e) => [e.exercise.key, e.held, e.verdict, e.score, e.diagnosis])).toEqual([['q-1', true, 'wrong', 0, null]]);
      const quizRow = await prisma.assessment.findFirstOrThrow({ where: { slug: 'quiz-1', courseId: course.exm } });
      await releaseResults(prisma, quizRow.id, u, at(300));
      const after = (await attemptHistory(prisma, u)).entries;
      expect(after.map((e) => [e.exercise.key, e.held, e.verdict, e.score])).toEqual([['q-1', false, 'correct', 1]]);
    });
  });
}
