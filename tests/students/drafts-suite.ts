/**
 * Drafts (server/answer-drafts.ts, issue 21) on a real database: a student's unsent trace kept on the
 * server to resume on any device, per student, exercise and place (the lesson page or one
 * assessment sitting); size-bounded; never graded or counted as an attempt; removed when an
 * answer is stored; refused to the unenrolled, for a sitting that is not theirs or is closed;
 * and never shown to another student. drafts-sqlite.test.ts and drafts-postgres.test.ts run it.
 *
 * The trace: gradient descent on f = x² + 2y² (A = diag(2, 4)) from x0 = (1, 1), α = 1/4.
 * By hand: row 1 g = (2, 4), p = (−2, −4); row 2 x1 = (1, 1) + ¼(−2, −4) = (1/2, 0),
 * g = (1, 0), p = (−1, 0).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@/server/db/client';
import { syncCourse, type CourseData } from '@/server/db/seed';
import { getKind } from '@/lib/exercises';
import { lessonView, submitAttempt } from '@/server/attempts';
import { sittingView, startSitting, submitSitting } from '@/server/assessments';
import { MAX_DRAFT_CHARS, saveDraft } from '@/server/answer-drafts';
import type { ExerciseState } from '@/server/wire';
import { useMigratedDatabase, type Harness } from '../support/database';

const T0 = new Date('2026-03-02T09:00:00Z');
const TRACE = { kind: 'trace', method: 'gd', A: [[2, 0], [0, 4]], x0: [1, 1], alpha: 0.25, rows: 2, columns: ['x', 'g', 'p'] };
const RIGHT = { 'r1-g': '[2, 4]', 'r1-p': '[-2, -4]', 'r2-x': '[1/2, 0]', 'r2-g': '[1, 0]', 'r2-p': '[-1, 0]' };
const TWO_ROWS = JSON.stringify({ 'r1-g': '[2, 4]', 'r1-p': '[-2, -4]', 'r2-x': '[1/2, 0]', 'r2-g': '', 'r2-p': '' });

function course(): CourseData {
  const trace = { key: 'gd-trace', kind: 'trace', kindVersion: getKind('trace')!.version, spec: TRACE, specHash: 'hash-gd-trace', position: 0, settings: { attempts: 3, reveal: 'after-correct', hints: [] } };
  return {
    slug: 'drafts',
    title: 'Drafts',
    lessons: [{ slug: 'gd', title: 'Gradient descent', position: 0, exercises: [trace] }],
    assessments: [
      {
        slug: 'hw-trace', title: 'Homework', type: 'homework', opensAt: T0.toISOString(), closesAt: new Date(T0.getTime() + 7 * 86_400_000).toISOString(),
        timeLimitMinutes: null, attempts: 3, reveal: 'exercise', accessCode: null,
        slots: [{ exercise: 'gd-trace', points: 1 }],
      },
    ],
  };
}

export function draftsSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`drafts (${name})`, () => {
    let prisma: PrismaClient;
    let courseId: string;
    useMigratedDatabase(setup, (p) => (prisma = p));
    beforeAll(async () => {
      await syncCourse(prisma, course());
      courseId = (await prisma.course.findUniqueOrThrow({ where: { slug: 'drafts' } })).id;
    });

    async function student(label: string, enrolled = true): Promise<string> {
      const id = `${label}-${randomUUID()}`;
      await prisma.user.create({ data: { id, name: label, email: `${id}@example.com` } });
      if (enrolled) await prisma.enrollment.create({ data: { userId: id, courseId, role: 'student' } });
      return id;
    }
    const save = (userId: string, text: string, sitting?: string, now = new Date(T0.getTime() + 60_000)) =>
      saveDraft(prisma, { userId, course: 'drafts', exercise: 'gd-trace', text, sitting, now });
    async function card(userId: string): Promise<ExerciseState> {
      const view = await lessonView(prisma, userId, 'drafts', 'gd', new Date(T0.getTime() + 120_000));
      if (view.status !== 'ok') throw new Error(`lesson view: ${view.status}`);
      return view.exercises[0];
    }
    const draftsOf = (userId: string) => prisma.draft.findMany({ where: { userId } });

    it('keeps the draft as typed, replaces it on the next save, and gives it back on the lesson card (any device)', async () => {
      const u = await student('ann');
      expect(await save(u, TWO_ROWS)).toEqual({ status: 'saved', savedAt: '2026-03-02T09:01:00.000Z' });
      expect((await card(u)).draft).toEqual({ text: TWO_ROWS, savedAt: '2026-03-02T09:01:00.000Z' });
      const more = JSON.stringify({ ...JSON.parse(TWO_ROWS), 'r2-g': '[1, 0]' });
      expect(await save(u, more, undefined, new Date(T0.getTime() + 90_000))).toEqual({ status: 'saved', savedAt: '2026-03-02T09:01:30.000Z' });
      expect((await card(u)).draft).toEqual({ text: more, savedAt: '2026-03-02T09:01:30.000Z' });
      expect(await draftsOf(u)).toHaveLength(1);
    });

    it('is never graded nor counted as an attempt', async () => {
      const u = await student('ben');
      await save(u, JSON.stringify(RIGHT)); // a complete, right trace, only saved
      const c = await card(u);
      expect(c.attemptsUsed).toBe(0);
      expect(c.status).toBe('open');
      expect(c.last).toBeNull();
      expect(await prisma.attempt.count({ where: { userId: u } })).toBe(0);
    });

    it('is its owner’s only: another student neither sees nor changes it', async () => {
      const a = await student('cat');
      const b = await student('dan');
      await save(a, TWO_ROWS);
      expect((await card(b)).draft).toBeNull();
      await save(b, JSON.stringify({ 'r1-g': '[9, 9]' }));
      expect((await card(a)).draft?.text).toBe(TWO_ROWS);
      expect((await card(b)).draft?.text).toBe('{"r1-g":"[9, 9]"}');
      expect((await card(a)).draftKey).not.toBe((await card(b)).draftKey);
    });

    it('is refused to a student not enrolled in the course, and for an exercise that is not there; nothing is kept', async () => {
      const out = await student('eve', false);
      expect(await save(out, TWO_ROWS)).toEqual({ status: 'not-enrolled' });
      const u = await student('fay');
      expect(await saveDraft(prisma, { userId: u, course: 'drafts', exercise: 'no-such', text: TWO_ROWS })).toEqual({ status: 'not-found' });
      expect(await saveDraft(prisma, { userId: u, course: 'no-such', exercise: 'gd-trace', text: TWO_ROWS })).toEqual({ status: 'not-found' });
      expect(await prisma.draft.count({ where: { userId: { in: [out, u] } } })).toBe(0);
    });

    it(`keeps at most ${MAX_DRAFT_CHARS} characters and says so; refuses what is not an answer in parts`, async () => {
      const u = await student('gil');
      // {"r1-g":"…"} is 11 characters around the text ({ "r1-g" : " " }: 1 + 6 + 1 + 1 + 1 + 1): 9,989 x's make exactly 10,000.
      const longest = JSON.stringify({ 'r1-g': 'x'.repeat(MAX_DRAFT_CHARS - 11) });
      expect(longest).toHaveLength(10_000);
      expect((await save(u, longest)).status).toBe('saved');
      const over = JSON.stringify({ 'r1-g': 'x'.repeat(MAX_DRAFT_CHARS - 10) });
      expect(await save(u, over)).toEqual({ status: 'too-large', message: 'text: the draft has 10001 characters; at most 10000 are kept' });
      expect((await card(u)).draft?.text).toBe(longest); // the refused one did not replace it
      for (const bad of ['not json', '[1, 2]', '{"r1-g": 3}', 'null']) {
        expect(await save(u, bad), bad).toEqual({ status: 'invalid', message: 'text: expected a JSON object of the texts typed, by part id' });
      }
    });

    it('every box emptied: the draft is removed', async () => {
      const u = await student('hal');
      await save(u, TWO_ROWS);
      expect((await save(u, JSON.stringify({ 'r1-g': '  ', 'r1-p': '' }))).status).toBe('saved');
      expect(await draftsOf(u)).toHaveLength(0);
      expect((await card(u)).draft).toBeNull();
    });

    it('a stored answer removes the draft; an unreadable one (not an attempt) keeps it', async () => {
      const u = await student('ivy');
      await save(u, TWO_ROWS);
      const unreadable = await submitAttempt(prisma, { userId: u, course: 'drafts', exercise: 'gd-trace', answer: JSON.stringify({ ...RIGHT, 'r1-g': '[2, ' }), idempotencyKey: randomUUID() });
      expect(unreadable.status).toBe('unreadable');
      expect(await draftsOf(u)).toHaveLength(1);
      const graded = await submitAttempt(prisma, { userId: u, course: 'drafts', exercise: 'gd-trace', answer: JSON.stringify(RIGHT), idempotencyKey: randomUUID() });
      expect(graded.status === 'graded' && graded.result.correct).toBe(true);
      expect(await draftsOf(u)).toHaveLength(0);
      expect(graded.status === 'graded' && graded.state.draft).toBeNull();
    });

    it('in a sitting: its own draft, apart from the lesson’s; refused in another’s sitting and once submitted', async () => {
      const u = await student('jon');
      const other = await student('kim');
      const started = await startSitting(prisma, u, 'drafts', 'hw-trace', { now: T0 });
      if (started.status !== 'started') throw new Error(started.status);
      const sittingId = started.sittingId;
      const inSitting = JSON.stringify({ 'r1-g': '[2, 4]' });
      await save(u, TWO_ROWS);
      expect(await save(u, inSitting, sittingId)).toMatchObject({ status: 'saved' });
      expect((await card(u)).draft?.text).toBe(TWO_ROWS);
      const view = await sittingView(prisma, u, 'drafts', 'hw-trace', new Date(T0.getTime() + 120_000));
      if (view.status !== 'ok') throw new Error(view.status);
      expect(view.questions[0].state.draft?.text).toBe(inSitting);
      expect(view.questions[0].state.draftKey).not.toBe((await card(u)).draftKey); // this browser's copies are apart too
      // Another student cannot write into this sitting (nor learn that it exists).
      expect(await save(other, inSitting, sittingId)).toEqual({ status: 'not-found' });
      // An answer stored in the sitting removes the sitting's draft only.
      const graded = await submitAttempt(prisma, { userId: u, course: 'drafts', exercise: 'gd-trace', answer: JSON.stringify(RIGHT), idempotencyKey: randomUUID(), sitting: sittingId, now: new Date(T0.getTime() + 180_000) });
      expect(graded.status).toBe('graded');
      expect((await draftsOf(u)).map((d) => d.place)).toEqual(['lesson']);
      // Once the sitting is submitted it takes no drafts.
      await save(u, inSitting, sittingId);
      expect(await submitSitting(prisma, u, 'drafts', 'hw-trace', new Date(T0.getTime() + 240_000))).toBe('submitted');
      expect(await save(u, inSitting, sittingId, new Date(T0.getTime() + 300_000))).toEqual({ status: 'closed', message: 'You submitted this homework.' });
    });
  });
}
