/**
 * Assessments (server/assessments.ts and the submit path with a sitting) on a real database:
 * fair, recorded, stable draws; the server-side deadline (time limit, extra time, a later
 * close, a late start); answers graded and kept through the one submit path, refused after
 * the deadline or a submit; results held until release in a quiz; homework shown at once;
 * lesson attempts kept apart; an open exam closes the course's lesson exercises. Every
 * expected Hessian is worked out by hand: f = k·x² + y² + x·y has H = [2k 1; 1 2].
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@/server/db/client';
import { syncCourse, type CourseData, type ExerciseData } from '@/server/db/seed';
import { lessonView, submitAttempt } from '@/server/attempts';
import { assessmentList, sittingView, startSitting, submitSitting, type SittingView } from '@/server/assessments';
import { releaseResults, assessmentResults, overrideGrade, weightedTotals } from '@/server/teach/assessments';
import { gradebookCsv } from '@/server/teach/gradebook';
import type { SubmitOutcome } from '@/server/wire';
import { generateVariant } from '@/lib/exercises';
import { useMigratedDatabase, type Harness } from '../support/database';

const MIN = 60_000;
const T0 = new Date('2026-03-02T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);

/** The exercise with coefficient k (its Hessian is [2k 1; 1 2] everywhere). */
function ex(key: string, k: number, position: number): ExerciseData {
  const spec = { kind: 'hessian', f: `${k}*x^2 + y^2 + x*y`, vars: ['x', 'y'], at: [0, 0] };
  return { key, kind: 'hessian', kindVersion: 1, spec, specHash: `hash-${key}`, position, settings: { attempts: 5, reveal: 'after-correct', hints: ['Differentiate twice.'] } };
}
const K: Record<string, number> = { 'q-1': 1, 'q-2': 2, 'q-3': 3, 'q-4': 4, 'q-5': 5, 'r-1': 6, 'r-2': 7, 'r-3': 8, 'r-4': 9, 'f-1': 10 };
const right = (key: string) => `[${2 * K[key]}, 1; 1, 2]`;
const wrong = (key: string) => `[${2 * K[key] + 1}, 1; 1, 2]`;

function course(): CourseData {
  const keys = Object.keys(K);
  return {
    slug: 'assess',
    title: 'Assess',
    lessons: [{ slug: 'hessian', title: 'The Hessian', position: 0, exercises: keys.map((key, i) => ex(key, K[key], i)) }],
    assessments: [
      {
        slug: 'hw-1', title: 'Homework 1', type: 'homework', opensAt: T0.toISOString(), closesAt: at(7 * 24 * 60).toISOString(),
        timeLimitMinutes: null, attempts: 3, reveal: 'exercise', accessCode: null,
        slots: [{ exercise: 'f-1', points: 3 }, { exercise: 'q-1', points: 1 }],
      },
      {
        slug: 'quiz-1', title: 'Quiz 1', type: 'quiz', opensAt: T0.toISOString(), closesAt: at(120).toISOString(),
        timeLimitMinutes: 10, attempts: 1, reveal: 'release', accessCode: null,
        slots: [{ pool: ['q-1', 'q-2', 'q-3', 'q-4', 'q-5'], pick: 1, points: 2 }, { pool: ['r-1', 'r-2', 'r-3', 'r-4'], pick: 2, points: 1 }],
      },
      {
        slug: 'exam-1', title: 'Exam 1', type: 'exam', opensAt: T0.toISOString(), closesAt: at(300).toISOString(),
        timeLimitMinutes: 60, attempts: 1, reveal: 'release', accessCode: 'SESAME',
        slots: [{ exercise: 'f-1', points: 1 }],
      },
    ],
  };
}

function ok(v: SittingView) {
  if (v.status !== 'ok') throw new Error(`expected a sitting, got ${v.status}`);
  return v;
}

export function assessmentSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`assessments (${name})`, () => {
    let prisma: PrismaClient;
    let courseId: string;
    useMigratedDatabase(setup, (p) => (prisma = p));
    beforeAll(async () => {
      await syncCourse(prisma, course());
      courseId = (await prisma.course.findUniqueOrThrow({ where: { slug: 'assess' } })).id;
    });

    async function student(label: string, enrolled = true): Promise<string> {
      const id = `${label}-${randomUUID()}`;
      await prisma.user.create({ data: { id, name: label, email: `${id}@example.com` } });
      if (enrolled) await prisma.enrollment.create({ data: { userId: id, courseId, role: 'student' } });
      return id;
    }
    const answer = (userId: string, exercise: string, text: string, sitting: string | undefined, now: Date): Promise<SubmitOutcome> =>
      submitAttempt(prisma, { userId, course: 'assess', exercise, answer: text, idempotencyKey: randomUUID(), sitting, now });

    it('syncs the definitions as rows, and a second sync changes nothing', async () => {
      const rows = await prisma.assessment.findMany({ where: { courseId }, orderBy: { position: 'asc' } });
      expect(rows.map((r) => [r.slug, r.type, r.timeLimitMinutes, r.attempts, r.reveal])).toEqual([
        // All open at T0: by title.
        ['exam-1', 'exam', 60, 1, 'release'],
        ['hw-1', 'homework', null, 3, 'exercise'],
        ['quiz-1', 'quiz', 10, 1, 'release'],
      ]);
      expect(rows[2].closesAt?.toISOString()).toBe('2026-03-02T11:00:00.000Z');
      expect((await syncCourse(prisma, course())).assessmentsSynced).toBe(0);
    });

    it('draws fairly: 20 students use every pool member equally, each draw is recorded and stable', async () => {
      const users: string[] = [];
      for (let i = 0; i < 20; i++) users.push(await student(`fair-${i}`));
      const draws: string[][] = [];
      for (const u of users) {
        const s = await startSitting(prisma, u, 'assess', 'quiz-1', { now: at(1) });
        expect(s.status).toBe('started');
        const v = ok(await sittingView(prisma, u, 'assess', 'quiz-1', at(1)));
        draws.push(v.questions.map((q) => q.exercise));
      }
      const count = (id: string) => draws.filter((d) => d.includes(id)).length;
      // Pool A: 20 students, pick 1 of 5 → each member 4 times. Pool B: pick 2 of 4 → 40 picks, 10 each.
      for (const id of ['q-1', 'q-2', 'q-3', 'q-4', 'q-5']) expect(count(id)).toBe(4);
      for (const id of ['r-1', 'r-2', 'r-3', 'r-4']) expect(count(id)).toBe(10);
      for (const d of draws) {
        expect(d).toHaveLength(3);
        expect(d.filter((x) => x.startsWith('q-'))).toHaveLength(1);
      }
      expect(new Set(draws.map((d) => d.join())).size).toBeGreaterThan(1);
      // Starting again (a reload, a second tab) resumes: same sitting, same draw, same start.
      const again = await startSitting(prisma, users[0], 'assess', 'quiz-1', { now: at(5) });
      expect(again.status).toBe('resumed');
      const v = ok(await sittingView(prisma, users[0], 'assess', 'quiz-1', at(5)));
      expect(v.questions.map((q) => q.exercise)).toEqual(draws[0]);
      expect(v.sitting.startedAt.toISOString()).toBe(at(1).toISOString());
      expect(v.sitting.deadline?.toISOString()).toBe(at(11).toISOString());
    });

    it('zones: stored as synced, each student gets one slot per zone, fairly, with the zone recorded in the draw', async () => {
      // Zone A picks 1 of q-1, q-2, q-3; zone B picks 1 of the pool slot [r-1, r-2] and f-1.
      const zoned: CourseData = {
        ...course(),
        slug: 'assess-zones',
        assessments: [
          {
            slug: 'zq', title: 'Zoned quiz', type: 'quiz', opensAt: T0.toISOString(), closesAt: at(120).toISOString(),
            timeLimitMinutes: 10, attempts: 1, reveal: 'release', accessCode: null,
            slots: [{ exercise: 'q-1', points: 1 }, { exercise: 'q-2', points: 1 }, { exercise: 'q-3', points: 1 }, { pool: ['r-1', 'r-2'], pick: 1, points: 2 }, { exercise: 'f-1', points: 2 }],
            zones: [{ title: 'Part A', pick: 1, slots: [0, 1, 2] }, { title: 'Part B', pick: 1, slots: [3, 4] }],
          },
        ],
      };
      await syncCourse(prisma, zoned);
      expect((await syncCourse(prisma, zoned)).assessmentsSynced).toBe(0);
      const zc = await prisma.course.findUniqueOrThrow({ where: { slug: 'assess-zones' } });
      const row = await prisma.assessment.findFirstOrThrow({ where: { courseId: zc.id, slug: 'zq' } });
      expect(row.zones).toEqual(zoned.assessments![0].zones);
      const draws: { zone?: number; slot: number; exercise: string }[][] = [];
      for (let i = 0; i < 6; i++) {
        const id = `zone-${i}-${randomUUID()}`;
        await prisma.user.create({ data: { id, name: `zone ${i}`, email: `${id}@example.com` } });
        await prisma.enrollment.create({ data: { userId: id, courseId: zc.id, role: 'student' } });
        expect((await startSitting(prisma, id, 'assess-zones', 'zq', { now: at(1) })).status).toBe('started');
        const s = await prisma.sitting.findFirstOrThrow({ where: { assessmentId: row.id, userId: id } });
        draws.push(s.draw as { zone?: number; slot: number; exercise: string }[]);
      }
      const times = (x: string) => draws.filter((d) => d.some((q) => q.exercise === x)).length;
      // 6 students: zone A's 3 slots twice each; zone B's 2 slots three times each, the pool's 3 draws split 2 : 1.
      expect(['q-1', 'q-2', 'q-3', 'f-1'].map(times)).toEqual([2, 2, 2, 3]);
      expect(times('r-1') + times('r-2')).toBe(3);
      expect(Math.abs(times('r-1') - times('r-2'))).toBe(1);
      for (const d of draws) expect(d.map((q) => q.zone)).toEqual([0, 1]);
      // The sitting's page has the zone titles and each question's zone, for grouping under them.
      const first = await prisma.sitting.findFirstOrThrow({ where: { assessmentId: row.id }, orderBy: { startedAt: 'asc' } });
      const v = ok(await sittingView(prisma, first.userId, 'assess-zones', 'zq', at(2)));
      expect(v.zones).toEqual(['Part A', 'Part B']);
      expect(v.questions.map((q) => [q.exercise, q.zone])).toEqual((first.draw as { exercise: string; zone: number }[]).map((q) => [q.exercise, q.zone]));
      expect(v.questions.map((q) => q.zone)).toEqual([0, 1]);
      // Without zones there are none.
      const plain = await student('no-zones');
      await startSitting(prisma, plain, 'assess', 'hw-1', { now: at(1) });
      const pv = ok(await sittingView(prisma, plain, 'assess', 'hw-1', at(1)));
      expect(pv.zones).toBeNull();
      expect(pv.questions.every((q) => q.zone === null)).toBe(true);
      // The instructor's view groups the statistics by zone: each zone's questions, in draw order.
      const zr = (await assessmentResults(prisma, zc.id)).find((r) => r.slug === 'zq')!;
      expect(zr.zones).toEqual([
        { title: 'Part A', items: ['q-1', 'q-2', 'q-3'].filter((x) => times(x) > 0) },
        { title: 'Part B', items: ['r-1', 'r-2', 'f-1'].filter((x) => times(x) > 0) },
      ]);
      expect((await assessmentResults(prisma, courseId)).find((r) => r.slug === 'hw-1')!.zones).toBeNull();
    });

    it('statistics per pool member and per parameter value, worked out by hand from the students\' variants', async () => {
      // rk draws k from [1, 2, 3]: H = [2k 1; 1 2]. pa has k = 1, pb k = 2. Everyone but the first student answers
      // [2, 1; 1, 2] to both questions: all four entries right for k = 1 (score 1), three of four for k = 2 or 3 (0.75).
      const spec = { kind: 'hessian', f: '{k}*x^2 + y^2 + x*y', vars: ['x', 'y'], at: [0, 0], params: { k: [1, 2, 3] } };
      const rk: ExerciseData = { key: 'rk', kind: 'hessian', kindVersion: 1, spec, specHash: 'hash-rk', position: 0, settings: { attempts: 3, reveal: 'after-correct' } };
      const stats: CourseData = {
        slug: 'assess-stats',
        title: 'Assess stats',
        lessons: [{ slug: 'hessian', title: 'The Hessian', position: 0, exercises: [rk, ex('pa', 1, 1), ex('pb', 2, 2)] }],
        assessments: [
          {
            slug: 'hw-s', title: 'Homework S', type: 'homework', opensAt: T0.toISOString(), closesAt: at(600).toISOString(),
            timeLimitMinutes: null, attempts: 3, reveal: 'exercise', accessCode: null,
            slots: [{ exercise: 'rk', points: 2 }, { pool: ['pa', 'pb'], pick: 1, points: 1 }],
          },
        ],
      };
      await syncCourse(prisma, stats);
      const sc = await prisma.course.findUniqueOrThrow({ where: { slug: 'assess-stats' } });
      // Fixed ids, so the draws (seeded by the user) are the same on every run.
      const drawn: { k: number; member: string; score: number }[] = [];
      for (let i = 0; i < 8; i++) {
        const id = `stats-student-${i}`;
        await prisma.user.create({ data: { id, name: `stats ${i}`, email: `${id}@example.com` } });
        await prisma.enrollment.create({ data: { userId: id, courseId: sc.id, role: 'student' } });
        const start = await startSitting(prisma, id, 'assess-stats', 'hw-s', { now: at(1) });
        if (start.status !== 'started') throw new Error(start.status);
        const draw = (await prisma.sitting.findUniqueOrThrow({ where: { id: start.sittingId } })).draw as { exercise: string; seed: number }[];
        // The k of the student's variant, read from the f they are shown.
        const f = (generateVariant(spec, draw.find((q) => q.exercise === 'rk')!.seed) as { f: string }).f;
        const k = Number(/^(\d)\*x\^2/.exec(f)![1]);
        const member = draw[1].exercise;
        if (i > 0) {
          for (const key of ['rk', member]) {
            const o = await submitAttempt(prisma, { userId: id, course: 'assess-stats', exercise: key, answer: '[2, 1; 1, 2]', idempotencyKey: randomUUID(), sitting: start.sittingId, now: at(2) });
            expect(o.status).toBe('graded');
          }
        }
        drawn.push({ k, member, score: i === 0 ? 0 : 1 });
      }
      // The fixed draws use every k and both members (so the expectations below are not empty).
      expect(new Set(drawn.map((d) => d.k)).size).toBe(3);
      expect(drawn.filter((d) => d.member === 'pa')).toHaveLength(4);
      const results = (await assessmentResults(prisma, sc.id)).find((r) => r.slug === 'hw-s')!;
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      // Pool slot 1: pa scores 1 when answered, pb 0.75; the first student scores 0 on theirs.
      const memberMean = (m: string, right: number) => mean(drawn.filter((d) => d.member === m).map((d) => d.score * right));
      expect(results.pools).toHaveLength(1);
      expect(results.pools[0].slot).toBe(1);
      expect(results.pools[0].members.map((x) => [x.exercise, x.n])).toEqual([['pa', 4], ['pb', 4]]);
      expect(results.pools[0].members[0].mean).toBeCloseTo(memberMean('pa', 1), 10);
      expect(results.pools[0].members[1].mean).toBeCloseTo(memberMean('pb', 0.75), 10);
      // rk by k: k = 1 → 1, k = 2 or 3 → 0.75 (each times the student's 0 or 1). pa and pb draw no params.
      expect(results.params.map((p) => [p.exercise, p.param, p.binned])).toEqual([['rk', 'k', false]]);
      expect(results.params[0].groups.map((g) => [g.label, g.n])).toEqual([1, 2, 3].map((k) => [String(k), drawn.filter((d) => d.k === k).length]));
      for (const g of results.params[0].groups) {
        const k = Number(g.label);
        expect(g.mean).toBeCloseTo(mean(drawn.filter((d) => d.k === k).map((d) => d.score * (k === 1 ? 1 : 0.75))), 10);
      }
    });

    it('lists assessments open from publication first, then by opening time, then title — not by file name', async () => {
      const base = course().assessments![2];
      const def = (slug: string, title: string, opensAt: string | null) => ({ ...base, slug, title, opensAt, accessCode: null });
      await syncCourse(prisma, {
        ...course(),
        slug: 'assess-order',
        assessments: [def('a-late', 'Zeta', at(60).toISOString()), def('b-early', 'Beta', at(-60).toISOString()), def('c-none', 'Omega', null), def('d-early', 'Alpha', at(-60).toISOString())],
      });
      const oc = await prisma.course.findUniqueOrThrow({ where: { slug: 'assess-order' } });
      const u = `order-${randomUUID()}`;
      await prisma.user.create({ data: { id: u, name: 'order', email: `${u}@example.com` } });
      await prisma.enrollment.create({ data: { userId: u, courseId: oc.id, role: 'student' } });
      const list = await assessmentList(prisma, u, 'assess-order', at(0));
      expect(list.status === 'ok' && list.items.map((i) => i.slug)).toEqual(['c-none', 'd-early', 'b-early', 'a-late']);
    });

    it('fair under simultaneous starts: 10 students starting at the same instant use each of 5 pool members exactly twice', async () => {
      await syncCourse(prisma, {
        ...course(),
        slug: 'assess-race',
        assessments: [{ ...course().assessments![1], slug: 'race', slots: [{ pool: ['q-1', 'q-2', 'q-3', 'q-4', 'q-5'], pick: 1, points: 1 }] }],
      });
      const rc = await prisma.course.findUniqueOrThrow({ where: { slug: 'assess-race' } });
      const users: string[] = [];
      for (let i = 0; i < 10; i++) {
        const id = `race-${i}-${randomUUID()}`;
        await prisma.user.create({ data: { id, name: `race ${i}`, email: `${id}@example.com` } });
        await prisma.enrollment.create({ data: { userId: id, courseId: rc.id, role: 'student' } });
        users.push(id);
      }
      // All at once: without the lock each start would read the same counts (none) and many take the same member.
      const started = await Promise.all(users.map((u) => startSitting(prisma, u, 'assess-race', 'race', { now: at(1) })));
      expect(started.map((s) => s.status)).toEqual(users.map(() => 'started'));
      const sittings = await prisma.sitting.findMany({ where: { assessment: { courseId: rc.id } } });
      const counts = new Map<string, number>();
      for (const s of sittings) for (const q of s.draw as { exercise: string }[]) counts.set(q.exercise, (counts.get(q.exercise) ?? 0) + 1);
      expect([...counts.entries()].sort()).toEqual([['q-1', 2], ['q-2', 2], ['q-3', 2], ['q-4', 2], ['q-5', 2]]);
      // A second start of the same student at the same instant still makes one sitting.
      const [x, y] = await Promise.all([startSitting(prisma, users[0], 'assess-race', 'race', { now: at(2) }), startSitting(prisma, users[0], 'assess-race', 'race', { now: at(2) })]);
      expect([x.status, y.status]).toEqual(['resumed', 'resumed']);
    });

    it('deadline: start + limit, plus extra time, never after the close; a late start gets what is left', async () => {
      const plain = await student('plain');
      await startSitting(prisma, plain, 'assess', 'quiz-1', { now: at(3) });
      expect(ok(await sittingView(prisma, plain, 'assess', 'quiz-1', at(3))).sitting.deadline?.toISOString()).toBe(at(13).toISOString());

      const extra = await student('extra');
      const quiz = await prisma.assessment.findFirstOrThrow({ where: { courseId, slug: 'quiz-1' } });
      await prisma.accommodation.create({ data: { assessmentId: quiz.id, userId: extra, extraMinutes: 5 } });
      await startSitting(prisma, extra, 'assess', 'quiz-1', { now: at(3) });
      expect(ok(await sittingView(prisma, extra, 'assess', 'quiz-1', at(3))).sitting.deadline?.toISOString()).toBe(at(18).toISOString());

      const late = await student('late');
      await startSitting(prisma, late, 'assess', 'quiz-1', { now: at(115) });
      expect(ok(await sittingView(prisma, late, 'assess', 'quiz-1', at(115))).sitting.deadline?.toISOString()).toBe(at(120).toISOString());

      const after = await student('after');
      expect((await startSitting(prisma, after, 'assess', 'quiz-1', { now: at(120) })).status).toBe('closed');
      expect((await startSitting(prisma, after, 'assess', 'quiz-1', { now: at(-1) })).status).toBe('not-open');
      // A later close for one student lets them start after everyone else's close.
      await prisma.accommodation.create({ data: { assessmentId: quiz.id, userId: after, closesAt: at(200) } });
      expect((await startSitting(prisma, after, 'assess', 'quiz-1', { now: at(150) })).status).toBe('started');
      expect(ok(await sittingView(prisma, after, 'assess', 'quiz-1', at(150))).sitting.deadline?.toISOString()).toBe(at(160).toISOString());

      const outsider = await student('outsider', false);
      expect((await startSitting(prisma, outsider, 'assess', 'quiz-1', { now: at(3) })).status).toBe('not-enrolled');
    });

    it('quiz: answers graded and kept as they go, results held until release; refused after the deadline', async () => {
      const u = await student('quizzer');
      const start = await startSitting(prisma, u, 'assess', 'quiz-1', { now: at(10) });
      if (start.status !== 'started') throw new Error(start.status);
      const v = ok(await sittingView(prisma, u, 'assess', 'quiz-1', at(10)));
      const [a, b, c] = v.questions.map((q) => q.exercise);
      expect(v.assessment.held).toBe(true);
      expect(v.questions[0].state.hintsHtml).toEqual([]); // no hints in a quiz

      // A right answer and a wrong one: the student is told only that each was saved.
      const o1 = await answer(u, a, right(a), start.sittingId, at(12));
      expect(o1.status).toBe('saved');
      if (o1.status !== 'saved') throw new Error();
      expect(o1.state.last).toBeNull();
      expect(o1.state.solution).toBeNull();
      expect(o1.state.bestScore).toBeNull();
      expect(o1.state.savedAnswer).toBe(right(a));
      expect(JSON.stringify(o1)).not.toMatch(/"correct"|verdict/);
      expect((await answer(u, b, wrong(b), start.sittingId, at(13))).status).toBe('saved');
      // One attempt per question in this quiz: a second answer is refused.
      expect((await answer(u, a, wrong(a), start.sittingId, at(14))).status).toBe('closed');
      // A question not in the draw, another student's sitting: not found.
      const notDrawn = Object.keys(K).find((k) => ![a, b, c].includes(k))!;
      expect((await answer(u, notDrawn, right(notDrawn), start.sittingId, at(14))).status).toBe('not-found');
      const other = await student('other');
      expect((await answer(other, a, right(a), start.sittingId, at(14))).status).toBe('not-found');

      // The deadline is 10 + 10 = 20 minutes: at 20 the third answer is refused and not stored.
      expect((await answer(u, c, right(c), start.sittingId, at(20))).status).toBe('closed');
      const stored = await prisma.attempt.findMany({ where: { sittingId: start.sittingId }, orderBy: { createdAt: 'asc' } });
      expect(stored.map((s) => [s.answerText, s.correct, s.score])).toEqual([
        [right(a), true, 1],
        [wrong(b), false, expect.any(Number)],
      ]);
      expect(stored[1].score).toBeLessThan(1);
      const closed = ok(await sittingView(prisma, u, 'assess', 'quiz-1', at(20)));
      expect(closed.sitting.closedReason).toMatch(/Time is up/);
      expect(closed.earned).toBeNull();
      expect(closed.questions.every((q) => q.state.status !== 'open')).toBe(true);
      const listed = await assessmentList(prisma, u, 'assess', at(20));
      if (listed.status !== 'ok') throw new Error();
      expect(listed.items.find((i) => i.slug === 'quiz-1')).toMatchObject({ status: 'finished', score: null });

      // Released: scores and worked answers show. a is worth 2 (pool A) or 1 (pool B).
      const quiz = await prisma.assessment.findFirstOrThrow({ where: { courseId, slug: 'quiz-1' } });
      const staff = await student('teacher');
      expect(await releaseResults(prisma, quiz.id, staff, at(130))).toBe(true);
      const after = ok(await sittingView(prisma, u, 'assess', 'quiz-1', at(130)));
      const pointsOf = (id: string) => (id.startsWith('q-') ? 2 : 1);
      const expected = pointsOf(a) * 1 + pointsOf(b) * stored[1].score;
      expect(after.earned).toBeCloseTo(expected, 4);
      expect(after.total).toBe(4);
      expect(after.questions[0].state.solution).not.toBeNull();
      expect(after.questions[0].state.last?.correct).toBe(true);
      const results = await assessmentResults(prisma, courseId);
      const mine = results.find((r) => r.slug === 'quiz-1')!.students.find((s) => s.userId === u)!;
      expect(mine.points).toBeCloseTo(expected, 4);
      expect(mine.total).toBe(4);

      // A manual grade of the wrong answer: 50 %, with a comment. A new Grade row; the attempt keeps its own result.
      expect(await overrideGrade(prisma, courseId, { attemptId: stored[1].id, score: 1.5, comment: 'x', byUserId: staff })).toBe('bad-score');
      expect(await overrideGrade(prisma, courseId, { attemptId: stored[1].id, score: 0.5, comment: '  ', byUserId: staff })).toBe('no-comment');
      expect(await overrideGrade(prisma, 'another-course', { attemptId: stored[1].id, score: 0.5, comment: 'x', byUserId: staff })).toBe('not-found');
      expect(await overrideGrade(prisma, courseId, { attemptId: stored[1].id, score: 0.5, comment: 'right idea, one slip', byUserId: staff, now: at(131) })).toBe('saved');
      const kept = await prisma.attempt.findUniqueOrThrow({ where: { id: stored[1].id }, include: { grades: true } });
      expect(kept.score).toBe(stored[1].score);
      expect(kept.grades.map((g) => [g.score, g.reason, g.byId])).toEqual([[0.5, 'manual: right idea, one slip', staff]]);
      const regraded = ok(await sittingView(prisma, u, 'assess', 'quiz-1', at(132)));
      expect(regraded.earned).toBeCloseTo(pointsOf(a) + pointsOf(b) * 0.5, 4);

      // The gradebook CSV has a column per assessment (points), before the total.
      let csv = '';
      for await (const chunk of gradebookCsv(prisma, courseId)) csv += chunk;
      const lines = csv.trim().split(/\r?\n/);
      const header = lines[0].split(',');
      expect(header.slice(-5)).toEqual(['assessment:exam-1', 'assessment:hw-1', 'assessment:quiz-1', 'assessments_weighted_percent', 'total']);
      const line = lines.find((l) => l.includes(`${u}@example.com`))!.split(',');
      expect(Number(line[header.indexOf('assessment:quiz-1')])).toBeCloseTo(pointsOf(a) + pointsOf(b) * 0.5, 4);
      expect(line[header.indexOf('assessment:hw-1')]).toBe('');

      // Statistics of the quiz over everyone who started: question a was answered by this student only (right: 1 of 1), so its
      // facility is 1 / (students given a); b earned 0.5 after the manual grade.
      const quizStats = (await assessmentResults(prisma, courseId)).find((r) => r.slug === 'quiz-1')!.stats;
      const statA = quizStats.find((q) => q.item === a)!;
      const sittings = await prisma.sitting.findMany({ where: { assessmentId: quiz.id }, select: { draw: true } });
      const nA = sittings.filter((x) => (x.draw as { exercise: string }[]).some((q) => q.exercise === a)).length;
      expect(statA.n).toBe(nA);
      expect(statA.facility).toBeCloseTo(1 / nA, 10);
    });

    it('weighted total: Σ w·(points/out of) / Σ w over what counts — finished, or missed after the close as 0; open ones wait; weight 0 never counts; a grade by hand counts', async () => {
      // Four assessments, all open at T0, listed by title (A, B, C, D):
      //   hw-w   "A homework"  weight 2, closes at 60:  f-1 (3 points) + q-1 (1)  → out of 4
      //   quiz-w "B quiz"      weight 1, closes at 120, 10 minutes: q-2 (2) + r-1 (2) → out of 4
      //   zero-w "C practice"  weight 0, closes at 120, 10 minutes: q-3 (1)
      //   late-w "D homework"  weight 3, closes at 600: q-4 (1)
      const base = { opensAt: T0.toISOString(), accessCode: null, zones: null };
      const hw = { ...base, type: 'homework', timeLimitMinutes: null, attempts: 3, reveal: 'exercise' };
      const quiz = { ...base, type: 'quiz', timeLimitMinutes: 10, attempts: 1, reveal: 'release', closesAt: at(120).toISOString() };
      await syncCourse(prisma, {
        ...course(),
        slug: 'assess-weights',
        assessments: [
          { ...hw, slug: 'late-w', title: 'D homework', closesAt: at(600).toISOString(), weight: 3, slots: [{ exercise: 'q-4', points: 1 }] },
          { ...quiz, slug: 'zero-w', title: 'C practice', weight: 0, slots: [{ exercise: 'q-3', points: 1 }] },
          { ...quiz, slug: 'quiz-w', title: 'B quiz', slots: [{ exercise: 'q-2', points: 2 }, { exercise: 'r-1', points: 2 }] },
          { ...hw, slug: 'hw-w', title: 'A homework', closesAt: at(60).toISOString(), weight: 2, slots: [{ exercise: 'f-1', points: 3 }, { exercise: 'q-1', points: 1 }] },
        ],
      });
      const wc = await prisma.course.findUniqueOrThrow({ where: { slug: 'assess-weights' } });
      const rows = await prisma.assessment.findMany({ where: { courseId: wc.id }, orderBy: { position: 'asc' } });
      expect(rows.map((r) => [r.slug, r.weight])).toEqual([['hw-w', 2], ['quiz-w', 1], ['zero-w', 0], ['late-w', 3]]);
      const member = async (label: string) => {
        const id = `${label}-${randomUUID()}`;
        await prisma.user.create({ data: { id, name: label, email: `${id}@example.com` } });
        await prisma.enrollment.create({ data: { userId: id, courseId: wc.id, role: 'student' } });
        return id;
      };
      const say = (u: string, exercise: string, text: string, sitting: string, now: Date) =>
        submitAttempt(prisma, { userId: u, course: 'assess-weights', exercise, answer: text, idempotencyKey: randomUUID(), sitting, now });
      const start = async (u: string, slug: string, now: Date) => {
        const s = await startSitting(prisma, u, 'assess-weights', slug, { now });
        if (s.status !== 'started') throw new Error(s.status);
        return s.sittingId;
      };
      const ada = await member('Ada');
      const bo = await member('Bo');
      const cy = await member('Cy');
      // Cy may sit the quiz until 200.
      await prisma.accommodation.create({ data: { assessmentId: rows[1].id, userId: cy, closesAt: at(200) } });

      // Ada: homework f-1 right (3 of 3) and q-1 with one entry of four wrong (0.75 × 1), submitted → 3.75 / 4.
      const adaHw = await start(ada, 'hw-w', at(1));
      expect((await say(ada, 'f-1', right('f-1'), adaHw, at(2))).status).toBe('graded');
      expect((await say(ada, 'q-1', wrong('q-1'), adaHw, at(3))).status).toBe('graded');
      expect(await submitSitting(prisma, ada, 'assess-weights', 'hw-w', at(5))).toBe('submitted');
      // Quiz: q-2 right (2), r-1 three entries of four (0.75 × 2 = 1.5) → 3.5 / 4; closed by its deadline at 20.
      const adaQuiz = await start(ada, 'quiz-w', at(10));
      expect((await say(ada, 'q-2', right('q-2'), adaQuiz, at(11))).status).toBe('saved');
      expect((await say(ada, 'r-1', wrong('r-1'), adaQuiz, at(12))).status).toBe('saved');
      const adaR1 = await prisma.attempt.findFirstOrThrow({ where: { sittingId: adaQuiz, exercise: { key: 'r-1' } } });
      expect(adaR1.score).toBe(0.75);
      // Weight 0: her 1 of 1 on the practice quiz changes nothing.
      const adaZero = await start(ada, 'zero-w', at(30));
      expect((await say(ada, 'q-3', right('q-3'), adaZero, at(31))).status).toBe('saved');
      // Cy: homework f-1 right only (3 / 4), never submitted: counts once it closes at 60. D homework started at 100, q-4 right, open until 600.
      const cyHw = await start(cy, 'hw-w', at(2));
      expect((await say(cy, 'f-1', right('f-1'), cyHw, at(3))).status).toBe('graded');
      const cyLate = await start(cy, 'late-w', at(100));
      expect((await say(cy, 'q-4', right('q-4'), cyLate, at(101))).status).toBe('graded');
      // Bo starts nothing.

      const totals = async (now: Date) => {
        const results = await assessmentResults(prisma, wc.id, now);
        const w = weightedTotals(results);
        return { ada: w.get(ada), bo: w.get(bo), cy: w.get(cy), results };
      };
      const csvAt = async (now: Date) => {
        let csv = '';
        for await (const chunk of gradebookCsv(prisma, wc.id, { now })) csv += chunk;
        const lines = csv.trim().split(/\r?\n/).map((l) => l.split(','));
        const col = (u: string, name: string) => lines.find((l) => l[1] === `${u}@example.com`)![lines[0].indexOf(name)];
        return { header: lines[0], col };
      };

      // At 30: Ada's homework finished (3.75/4, w 2), her quiz finished at its deadline (3.5/4, w 1):
      // (2 × 0.9375 + 1 × 0.875) / 3 = 2.75 / 3 = 0.91667. Cy's homework is still open and not submitted, nothing
      // else counts: no total. Bo: nothing closed yet: no total.
      let t = await totals(at(30));
      expect(t.ada).toBeCloseTo(2.75 / 3, 10);
      expect(t.bo).toBeNull();
      expect(t.cy).toBeNull();

      // At 130, after a grade by hand of Ada's r-1 to 0.25 (0.5 of 2 points → quiz 2.5 / 4 = 0.625):
      //   Ada = (2 × 0.9375 + 1 × 0.625) / 3 = 2.5 / 3 = 0.83333 (D homework still open and unstarted: left out).
      //   Bo missed the homework (closed at 60) and the quiz (120): (2 × 0 + 1 × 0) / 3 = 0.
      //   Cy: homework closed at 60 → 3/4 with weight 2; the quiz is open for him until 200, D homework in progress: 1.5 / 2 = 0.75.
      const staff = await member('staff');
      expect(await overrideGrade(prisma, wc.id, { attemptId: adaR1.id, score: 0.25, comment: 'half the method', byUserId: staff, now: at(125) })).toBe('saved');
      t = await totals(at(130));
      expect(t.ada).toBeCloseTo(2.5 / 3, 10);
      expect(t.bo).toBe(0);
      expect(t.cy).toBeCloseTo(0.75, 10);
      const quizRow = t.results.find((r) => r.slug === 'quiz-w')!;
      expect(quizRow.students.find((s) => s.userId === ada)).toMatchObject({ points: 2.5, total: 4, counts: true });
      expect(quizRow.students.find((s) => s.userId === cy)).toMatchObject({ points: null, counts: false });
      expect(t.results.find((r) => r.slug === 'zero-w')!.students.find((s) => s.userId === ada)).toMatchObject({ points: 1, counts: false });
      const csv = await csvAt(at(130));
      expect(csv.header.slice(-6)).toEqual(['assessment:hw-w', 'assessment:quiz-w', 'assessment:zero-w', 'assessment:late-w', 'assessments_weighted_percent', 'total']);
      expect(['hw-w', 'quiz-w', 'zero-w', 'late-w'].map((s) => csv.col(ada, `assessment:${s}`))).toEqual(['3.75', '2.5', '1', '']);
      expect(csv.col(ada, 'assessments_weighted_percent')).toBe('83.33');
      expect(csv.col(bo, 'assessments_weighted_percent')).toBe('0');
      expect(csv.col(bo, 'assessment:hw-w')).toBe('');
      expect(csv.col(cy, 'assessments_weighted_percent')).toBe('75');
      expect((await csvAt(at(30))).col(bo, 'assessments_weighted_percent')).toBe('');

      // At 601 everything has closed: D homework (w 3) counts 0 for Ada and Bo, 1/1 for Cy; Cy's quiz (closed for him at 200) 0.
      //   Ada = (1.875 + 0.625 + 0) / 6 = 0.41667; Bo = 0; Cy = (2 × 0.75 + 1 × 0 + 3 × 1) / 6 = 4.5 / 6 = 0.75.
      t = await totals(at(601));
      expect(t.ada).toBeCloseTo(2.5 / 6, 10);
      expect(t.bo).toBe(0);
      expect(t.cy).toBeCloseTo(0.75, 10);
      expect((await csvAt(at(601))).col(ada, 'assessments_weighted_percent')).toBe('41.67');
    });

    it('submitting closes the sitting; answers so far are kept', async () => {
      const u = await student('submitter');
      const start = await startSitting(prisma, u, 'assess', 'hw-1', { now: at(30) });
      if (start.status !== 'started') throw new Error(start.status);
      // Homework: results at once, best of 3 attempts, hints kept.
      const o = await answer(u, 'f-1', wrong('f-1'), start.sittingId, at(31));
      expect(o.status).toBe('graded');
      if (o.status !== 'graded') throw new Error();
      expect(o.result.correct).toBe(false);
      expect(o.state.hintsHtml).toHaveLength(1);
      const o2 = await answer(u, 'f-1', right('f-1'), start.sittingId, at(32));
      expect(o2.status === 'graded' && o2.result.correct).toBe(true);
      expect(ok(await sittingView(prisma, u, 'assess', 'hw-1', at(33))).earned).toBe(3);
      expect(await submitSitting(prisma, u, 'assess', 'hw-1', at(34))).toBe('submitted');
      expect(await submitSitting(prisma, u, 'assess', 'hw-1', at(35))).toBe('already-closed');
      expect((await answer(u, 'q-1', right('q-1'), start.sittingId, at(35))).status).toBe('closed');
      const v = ok(await sittingView(prisma, u, 'assess', 'hw-1', at(35)));
      expect(v.sitting.closedReason).toMatch(/submitted/);
      expect(v.earned).toBe(3);
      // The lesson's own card does not count the sitting's attempts.
      const lesson = await lessonView(prisma, u, 'assess', 'hessian', at(35));
      if (lesson.status !== 'ok') throw new Error();
      expect(lesson.exercises.find((e) => e.key === 'f-1')).toMatchObject({ attemptsUsed: 0, status: 'open' });
      expect((await answer(u, 'f-1', right('f-1'), undefined, at(36))).status).toBe('graded');
      const events = await prisma.assessmentEvent.findMany({ where: { userId: u }, orderBy: { createdAt: 'asc' } });
      expect(events.map((e) => [e.action, e.createdAt.toISOString()])).toEqual([
        ['start', at(30).toISOString()],
        // Each answer saved in the sitting (the wrong one at 31, the right one at 32; the one refused after the submit is not).
        ['answer', at(31).toISOString()],
        ['answer', at(32).toISOString()],
        ['submit', at(34).toISOString()],
      ]);
    });

    it('exam: needs its access code, and while it is open the lesson exercises are closed', async () => {
      const u = await student('examinee');
      expect((await startSitting(prisma, u, 'assess', 'exam-1', { now: at(40), accessCode: 'nope' })).status).toBe('wrong-code');
      const start = await startSitting(prisma, u, 'assess', 'exam-1', { now: at(40), accessCode: 'SESAME' });
      expect(start.status).toBe('started');
      const lesson = await lessonView(prisma, u, 'assess', 'hessian', at(41));
      if (lesson.status !== 'ok') throw new Error();
      expect(lesson.exercises.every((e) => e.status === 'closed' && /Closed during the exam/.test(e.closedReason ?? '') && e.solution === null && !e.practice)).toBe(true);
      expect((await answer(u, 'q-2', right('q-2'), undefined, at(41))).status).toBe('closed');
      expect(await prisma.attempt.count({ where: { userId: u } })).toBe(0);
      // After the exam's deadline (40 + 60) the lessons reopen.
      expect((await answer(u, 'q-2', right('q-2'), undefined, at(100))).status).toBe('graded');
      // Refused: the wrong code, then the lesson answer sent during the exam.
      const refused = await prisma.assessmentEvent.findMany({ where: { userId: u, action: 'refused' }, orderBy: { createdAt: 'asc' } });
      expect(refused.map((e) => (e.detail as { reason: string }).reason)).toEqual(['wrong-code', 'closed-for-exam']);
    });
  });
}
