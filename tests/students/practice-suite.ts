/**
 * Practice mode (server/practice.ts) on a real database: new variants of a finished,
 * randomised exercise, graded and never stored; refused before the student's own variant is
 * done, to outsiders, for exercises without random numbers, and for tokens the server did not
 * make for this student and this version of the exercise. The expected Hessians are worked
 * out by hand: f = a·x³ + y³ + 2xy has H(1, 2) = [6a 2; 2 12].
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@/server/db/client';
import { syncCourse, type CourseData } from '@/server/db/seed';
import { generateVariant } from '@/lib/exercises';
import { variantSeed } from '@/lib/content';
import { submitAttempt } from '@/server/attempts';
import { practiceAnswer, practiceVariant } from '@/server/practice';
import type { PracticeOutcome } from '@/server/wire';
import { useMigratedDatabase, type Harness } from '../support/database';

const RANDOM = { kind: 'hessian', f: '{a}*x^3 + y^3 + 2*x*y', vars: ['x', 'y'], at: [1, 2], params: { a: { min: 2, max: 9 } } };

function course(): CourseData {
  return {
    slug: 'drill',
    title: 'Drill',
    lessons: [
      {
        slug: 'hessian',
        title: 'The Hessian',
        position: 0,
        exercises: [
          { key: 'h-rand', kind: 'hessian', kindVersion: 1, spec: RANDOM, specHash: 'hash-rand-1', position: 0, settings: { attempts: 2, reveal: 'after-correct', hints: [] } },
          // The same function at a fixed point: no random numbers, so nothing to practise on.
          { key: 'h-fixed', kind: 'hessian', kindVersion: 1, spec: { kind: 'hessian', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'], at: [1, 2] }, specHash: 'hash-fixed', position: 1, settings: { attempts: 3, reveal: 'after-correct', hints: [] } },
        ],
      },
    ],
  };
}

/** The coefficient a of the variant of RANDOM at `seed` (read off its generated f). */
function coefficientAt(seed: number): number {
  const f = String(generateVariant(RANDOM, seed).f);
  const match = /^(\d+)\*x\^3/.exec(f);
  if (!match) throw new Error(`unexpected variant f = ${f}`);
  return Number(match[1]);
}

const hessianText = (a: number) => `[${6 * a}, 2; 2, 12]`;

function variant(o: PracticeOutcome) {
  if (o.status !== 'variant') throw new Error(`expected a practice variant, got ${o.status}`);
  return o;
}

export function practiceSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`practice on new variants (${name})`, () => {
    let prisma: PrismaClient;
    let courseId: string;
    useMigratedDatabase(setup, (p) => (prisma = p));
    beforeAll(async () => {
      await syncCourse(prisma, course());
      courseId = (await prisma.course.findUniqueOrThrow({ where: { slug: 'drill' } })).id;
    });

    async function student(label: string, enrolled = true): Promise<string> {
      const id = `${label}-${randomUUID()}`;
      await prisma.user.create({ data: { id, name: label, email: `${id}@example.com` } });
      if (enrolled) await prisma.enrollment.create({ data: { userId: id, courseId, role: 'student' } });
      return id;
    }
    const submit = (userId: string, exercise: string, answer: string) =>
      submitAttempt(prisma, { userId, course: 'drill', exercise, answer, idempotencyKey: randomUUID() });
    const ownCoefficient = (userId: string) => coefficientAt(variantSeed(userId, 'h-rand'));
    const seedOf = (token: string) => Number(token.split('.')[0]);

    it('opens only once the student has finished their own variant', async () => {
      const ada = await student('ada');
      expect(await practiceVariant(prisma, ada, 'drill', 'h-rand')).toEqual({ status: 'not-finished' });
      // One wrong attempt of two: still open.
      expect((await submit(ada, 'h-rand', '[1, 2; 2, 12]')).status).toBe('graded');
      expect(await practiceVariant(prisma, ada, 'drill', 'h-rand')).toEqual({ status: 'not-finished' });
      // The card does not offer it either.
      const open = await submit(ada, 'h-rand', '[1, 2; 2, 13]');
      if (open.status !== 'graded') throw new Error(open.status);
      // Two wrong attempts of two: finished (closed), and practice opens.
      expect(open.state.status).toBe('closed');
      expect(open.state.practice).toBe(true);
      expect(variant(await practiceVariant(prisma, ada, 'drill', 'h-rand')).form).toEqual({ shape: 'matrix', size: [2, 2], vars: [], labels: [], accuracy: 'Give numbers to 3 significant figures (or within 0.1 %).' });
    });

    it('grades a practice answer against the practice variant, shows the worked answer, and stores nothing', async () => {
      const ben = await student('ben');
      const own = ownCoefficient(ben);
      const done = await submit(ben, 'h-rand', hessianText(own));
      if (done.status !== 'graded') throw new Error(done.status);
      expect(done.state.status).toBe('correct');
      expect(done.state.practice).toBe(true);
      const attemptsBefore = await prisma.attempt.count({ where: { userId: ben } });

      for (let round = 0; round < 5; round++) {
        const v = variant(await practiceVariant(prisma, ben, 'drill', 'h-rand'));
        const a = coefficientAt(seedOf(v.token));
        // Never the student's own numbers again.
        expect(a).not.toBe(own);
        expect(v.promptHtml).toContain('class="katex"');

        const right = await practiceAnswer(prisma, ben, 'drill', 'h-rand', v.token, hessianText(a));
        expect(right).toMatchObject({ status: 'graded', grade: { correct: true, score: 1, verdict: 'correct' } });
        if (right.status === 'graded') expect(right.solution.answerHtml).toContain('class="katex"');

        // The student's own variant's answer is wrong for this one: entry (1, 1) differs (6·own ≠ 6a), the other three agree.
        const wrong = await practiceAnswer(prisma, ben, 'drill', 'h-rand', v.token, hessianText(own));
        expect(wrong).toMatchObject({ status: 'graded', grade: { correct: false, verdict: 'partly' } });
        if (wrong.status === 'graded') {
          expect(wrong.grade.score).toBeCloseTo(0.75, 10);
          expect(wrong.grade.entries?.filter((e) => !e.correct).map((e) => e.index)).toEqual([[0, 0]]);
        }

        const unreadable = await practiceAnswer(prisma, ben, 'drill', 'h-rand', v.token, '[6, 2; 2');
        expect(unreadable.status).toBe('unreadable');
      }
      expect(await prisma.attempt.count({ where: { userId: ben } })).toBe(attemptsBefore);
      expect(await prisma.grade.count({ where: { attempt: { userId: ben } } })).toBe(0);
    });

    it("refuses tokens it did not make for this student and this version of the exercise", async () => {
      const cy = await student('cy');
      const dee = await student('dee');
      for (const who of [cy, dee]) await submit(who, 'h-rand', hessianText(ownCoefficient(who)));
      const v = variant(await practiceVariant(prisma, cy, 'drill', 'h-rand'));
      const a = coefficientAt(seedOf(v.token));
      const [seed, mac] = v.token.split('.');

      // Another student's token, a changed seed, a changed signature, garbage.
      expect(await practiceAnswer(prisma, dee, 'drill', 'h-rand', v.token, hessianText(a))).toEqual({ status: 'stale' });
      expect(await practiceAnswer(prisma, cy, 'drill', 'h-rand', `${Number(seed) + 1}.${mac}`, hessianText(a))).toEqual({ status: 'stale' });
      const flipped = `${seed}.${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`;
      expect(await practiceAnswer(prisma, cy, 'drill', 'h-rand', flipped, hessianText(a))).toEqual({ status: 'stale' });
      expect(await practiceAnswer(prisma, cy, 'drill', 'h-rand', 'not a token', hessianText(a))).toEqual({ status: 'stale' });
      // A student's own graded seed cannot be named without the server's signature either.
      expect(await practiceAnswer(prisma, cy, 'drill', 'h-rand', `${variantSeed(dee, 'h-rand')}.${mac}`, '1')).toEqual({ status: 'stale' });

      // The token works as made…
      expect((await practiceAnswer(prisma, cy, 'drill', 'h-rand', v.token, hessianText(a))).status).toBe('graded');
      // …until the exercise is edited (its spec hash changes).
      await prisma.exercise.update({ where: { courseId_key: { courseId, key: 'h-rand' } }, data: { specHash: 'hash-rand-2' } });
      expect(await practiceAnswer(prisma, cy, 'drill', 'h-rand', v.token, hessianText(a))).toEqual({ status: 'stale' });
      await prisma.exercise.update({ where: { courseId_key: { courseId, key: 'h-rand' } }, data: { specHash: 'hash-rand-1' } });
    });

    it('is not offered to outsiders, for unknown exercises, or where the numbers never change', async () => {
      const outsider = await student('outsider', false);
      expect(await practiceVariant(prisma, outsider, 'drill', 'h-rand')).toEqual({ status: 'not-enrolled' });
      const eve = await student('eve');
      expect(await practiceVariant(prisma, eve, 'drill', 'no-such-exercise')).toEqual({ status: 'not-found' });
      expect(await practiceVariant(prisma, eve, 'nowhere', 'h-rand')).toEqual({ status: 'not-found' });
      // H(1, 2) of x³ + y³ + 2xy is [6 2; 2 12]: correct, finished — but there are no other numbers.
      const fixed = await submit(eve, 'h-fixed', '[6, 2; 2, 12]');
      if (fixed.status !== 'graded') throw new Error(fixed.status);
      expect(fixed.state).toMatchObject({ status: 'correct', practice: false });
      expect(await practiceVariant(prisma, eve, 'drill', 'h-fixed')).toEqual({ status: 'not-found' });
    });
  });
}
