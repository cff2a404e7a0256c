/**
 * Grades back to the LMS (Assignment and Grade Services 2.0) on a real database: students
 * launch from the test platform, answer through the real submit path (server/attempts.ts),
 * and the outbox delivers to the platform's line items. Expected scores are worked out by hand
 * (tests/lti/course.ts: H(1, 2) = [6 2; 2 12], ∇f(1, 2) = (7, 14); one matrix entry of four
 * wrong is 3/4).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { startSitting, submitSitting } from '@/server/assessments';
import { submitAttempt } from '@/server/attempts';
import { createPrisma, type PrismaClient } from '@/server/db/client';
import { backoffMs, deliverScores, forgetTokens, resendScore } from '@/server/lti/ags';
import { queueTimedOutSittings } from '@/server/lti/outbox';
import { syncCourse } from '@/server/db/seed';
import { overrideGrade, releaseResults } from '@/server/teach/assessments';
import { lmsOverview } from '@/server/teach/lms';
import { regrade } from '@/server/teach/regrade';
import { type Harness } from '../support/database';
import { ltiCourse } from './course';
import { ROLE, TestPlatform, type LaunchSpec } from '../support/lti-platform';
import { SECRET, walkLaunch, useLtiWorld, type ToolServer } from './harness';

export function agsSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`LTI grades to the LMS (${name})`, () => {
    let harness: Harness;
    let prisma: PrismaClient;
    let tool: ToolServer;
    let platform: TestPlatform;
    let clock = Date.now();
    /** A moment later than every retry waiting so far. */
    const later = () => new Date((clock += 2 * 3600_000));
    const deliver = () => deliverScores(prisma, { secret: SECRET, now: later() });

    const world = useLtiWorld(setup);
    beforeAll(() => void ({ harness, prisma, tool, platform } = world));

    const learner = (sub: string): LaunchSpec['user'] => ({ sub, name: `Learner ${sub}`, email: `${sub}@uni.example`, roles: [ROLE.learner] });
    const exerciseLink = (user: LaunchSpec['user'], context = 'ctx-A', exercise = 'h-point'): LaunchSpec => ({
      user,
      context: { id: context, title: `Course ${context}` },
      resourceLink: { id: `rl-${exercise}`, title: `Exercise ${exercise}` },
      custom: { course: 'calc', exercise },
    });
    /** Launches and returns the Curvature user id. */
    async function launch(spec: LaunchSpec): Promise<string> {
      const walk = await walkLaunch(tool, platform, spec, { noTicket: true });
      if (walk.error) throw new Error(walk.error);
      return (await prisma.ltiUser.findUniqueOrThrow({ where: { issuer_sub: { issuer: platform.issuer, sub: spec.user.sub } } })).userId;
    }
    const submit = async (userId: string, exercise: string, answer: string, key = randomUUID()) => {
      const out = await submitAttempt(prisma, { userId, course: 'calc', exercise, answer, idempotencyKey: key });
      if (out.status !== 'graded') throw new Error(`not graded: ${out.status}`);
      return out;
    };
    const scoresFor = (sub: string) => platform.scores.filter((s) => s.userId === sub);
    const itemsIn = (context: string) => platform.lineItems.get(context) ?? [];

    it('makes the line item once and posts every changed score, a first 0 included', async () => {
      const user = await launch(exerciseLink(learner('a-1')));
      expect((await submit(user, 'h-point', '[1, 1; 1, 1]')).result.score).toBe(0);
      expect(await deliver()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(itemsIn('ctx-A')).toEqual([expect.objectContaining({ resourceId: 'exercise:h-point', scoreMaximum: 1, label: 'Exercise h-point', tag: 'curvature' })]);
      expect(scoresFor('a-1')).toEqual([expect.objectContaining({ scoreGiven: 0, scoreMaximum: 1, activityProgress: 'Completed', gradingProgress: 'FullyGraded', lineItem: itemsIn('ctx-A')[0].id })]);

      await submit(user, 'h-point', '[6, 2; 2, 14]'); // 3 of 4 entries: 0.75
      await submit(user, 'h-point', '[6, 2; 2, 13]'); // 0.75 again (queued over the first before it was sent)
      expect(await deliver()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(scoresFor('a-1').map((s) => s.scoreGiven)).toEqual([0, 0.75]);

      // A worse answer leaves the best score, 0.75: nothing to send. So does a retried request.
      const key = randomUUID();
      await submit(user, 'h-point', '[1, 1; 1, 1]', key);
      await submit(user, 'h-point', '[1, 1; 1, 1]', key);
      expect(await deliver()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(scoresFor('a-1')).toHaveLength(2);

      await submit(user, 'h-point', '[6, 2; 2, 12]'); // right: 1
      expect(await deliver()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(scoresFor('a-1').map((s) => s.scoreGiven)).toEqual([0, 0.75, 1]);
      expect(itemsIn('ctx-A')).toHaveLength(1);
      const row = await prisma.ltiScore.findFirstOrThrow({ where: { userId: user } });
      expect(row).toMatchObject({ status: 'sent', score: 1, sentScore: 1, tries: 0, lastError: null });
    });

    it('caches the service token until it expires', async () => {
      const user = await launch(exerciseLink(learner('a-tok')));
      const t = later().getTime(); // two hours after any token so far: expired
      const before = platform.tokenRequests.length;
      await submit(user, 'h-point', '[6, 2; 2, 14]');
      expect(await deliverScores(prisma, { secret: SECRET, now: new Date(t) })).toMatchObject({ sent: 1 });
      expect(platform.tokenRequests.length).toBe(before + 1);
      await submit(user, 'h-point', '[6, 2; 2, 12]');
      expect(await deliverScores(prisma, { secret: SECRET, now: new Date(t + 60_000) })).toMatchObject({ sent: 1 });
      expect(platform.tokenRequests.length).toBe(before + 1); // still valid: the same token
      expect(platform.tokenRequests.at(-1)).toEqual(['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/score']);
    });

    it('never makes a second line item when the reply to its creation was lost', async () => {
      const user = await launch(exerciseLink(learner('a-lost'), 'ctx-lost'));
      await submit(user, 'h-point', '[6, 2; 2, 12]');
      platform.loseLineItemReplies = 1;
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      expect(await deliver()).toEqual({ sent: 0, retrying: 1, failed: 0 });
      warn.mockRestore();
      expect(itemsIn('ctx-lost')).toHaveLength(1); // made at the platform, but we never heard
      const row = await prisma.ltiScore.findFirstOrThrow({ where: { userId: user } });
      expect(row).toMatchObject({ status: 'pending', tries: 1 });
      expect(row.lastError).toMatch(/HTTP 500.*the reply was lost/);
      expect(await deliver()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(itemsIn('ctx-lost')).toHaveLength(1);
      expect(scoresFor('a-lost')).toEqual([expect.objectContaining({ scoreGiven: 1, lineItem: itemsIn('ctx-lost')[0].id })]);
    });

    it('keeps scores through a restart while the LMS is down, and delivers them when it is back', async () => {
      const user = await launch(exerciseLink(learner('a-down')));
      await submit(user, 'h-point', '[6, 2; 2, 13]');
      platform.down = true;
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      forgetTokens();
      expect(await deliver()).toEqual({ sent: 0, retrying: 1, failed: 0 });
      expect(await deliver()).toEqual({ sent: 0, retrying: 1, failed: 0 });
      warn.mockRestore();
      const row = await prisma.ltiScore.findFirstOrThrow({ where: { userId: user } });
      expect(row).toMatchObject({ status: 'pending', tries: 2 });
      expect(row.lastError).toMatch(/HTTP 503/);
      expect(row.nextAttemptAt.getTime()).toBe(clock + backoffMs(2)); // 1 minute after the second failure
      expect(backoffMs(1)).toBe(30_000);
      expect(backoffMs(2)).toBe(60_000);
      expect(backoffMs(20)).toBe(3600_000);

      // The app restarts: a new database client, no cached token. The LMS comes back.
      await prisma.$disconnect();
      prisma = world.prisma = tool.deps.prisma = createPrisma(harness.db);
      forgetTokens();
      platform.down = false;
      expect(await deliver()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(scoresFor('a-down')).toEqual([expect.objectContaining({ scoreGiven: 0.75 })]);
    });

    it('marks a score the LMS refuses as failed with its message, and resends it on request', async () => {
      const user = await launch(exerciseLink(learner('a-fail')));
      await submit(user, 'h-point', '[6, 2; 2, 12]');
      platform.rejectScores = { status: 422, message: 'the student is not in this course' };
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      expect(await deliver()).toEqual({ sent: 0, retrying: 0, failed: 1 });
      warn.mockRestore();
      const row = await prisma.ltiScore.findFirstOrThrow({ where: { userId: user } });
      expect(row.status).toBe('failed');
      expect(row.lastError).toContain('HTTP 422: {"error":"the student is not in this course"}');
      expect(await deliver()).toEqual({ sent: 0, retrying: 0, failed: 0 }); // failed rows wait for a resend
      platform.rejectScores = null;
      const course = await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } });
      // The instructor's LMS page lists it first, with the LMS's message.
      const overview = await lmsOverview(prisma, course.id);
      expect(overview.scores[0]).toMatchObject({ id: row.id, status: 'failed', score: 1, tries: 1, student: { name: 'Learner a-fail', email: 'a-fail@uni.example' }, lineItem: 'Exercise h-point' });
      expect(overview.scores[0].lastError).toContain('the student is not in this course');
      expect(overview.counts.failed).toBe(1);
      expect(overview.counts.sent + overview.counts.pending + overview.counts.failed).toBe(await prisma.ltiScore.count());
      expect(overview.contexts.find((c) => c.contextId === 'ctx-A')).toMatchObject({ platform: 'Test LMS', grades: true, roster: true });
      expect(await resendScore(prisma, 'another-course', row.id)).toBe(false);
      expect(await resendScore(prisma, course.id, row.id, later())).toBe(true);
      expect(await deliverScores(prisma, { secret: SECRET, now: new Date(clock) })).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(scoresFor('a-fail')).toEqual([expect.objectContaining({ scoreGiven: 1 })]);
      expect((await lmsOverview(prisma, course.id)).counts.failed).toBe(0);
    });

    it('sends to each of two LMS courses linked to one Curvature course, and a lesson link gets the lesson mean', async () => {
      const who = learner('a-two');
      const user = await launch(exerciseLink(who, 'ctx-A'));
      await launch(exerciseLink(who, 'ctx-B'));
      await launch({ ...exerciseLink(who, 'ctx-B'), resourceLink: { id: 'rl-lesson', title: 'The Hessian lesson' }, custom: { course: 'calc', lesson: 'hessian' } });
      const course = await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } });
      expect(await prisma.ltiContext.count({ where: { courseId: course.id, contextId: { in: ['ctx-A', 'ctx-B'] } } })).toBe(2);
      await submit(user, 'h-point', '[6, 2; 2, 13]'); // 0.75; the lesson's other exercise not tried: mean (0.75 + 0) / 2
      expect(await deliver()).toEqual({ sent: 3, retrying: 0, failed: 0 });
      const item = (context: string, resource: string) => itemsIn(context).find((i) => i.resourceId === resource)!.id;
      const got = (context: string, resource: string) => scoresFor('a-two').filter((s) => s.lineItem === item(context, resource)).map((s) => s.scoreGiven);
      expect(got('ctx-A', 'exercise:h-point')).toEqual([0.75]);
      expect(got('ctx-B', 'exercise:h-point')).toEqual([0.75]);
      expect(got('ctx-B', 'lesson:hessian')).toEqual([0.375]);
      await submit(user, 'h-grad', '(7, 14)'); // right: the lesson mean is (0.75 + 1) / 2; h-point's own score is unchanged
      expect(await deliver()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(got('ctx-B', 'lesson:hessian')).toEqual([0.375, 0.875]);
      expect(got('ctx-A', 'exercise:h-point')).toEqual([0.75]);
    });

    it('sends the new score after a regrade changes it, and nothing when it does not', async () => {
      const user = await launch(exerciseLink(learner('a-regrade'), 'ctx-R', 'g-point'));
      // ∇f(2, 1) = (3·4 + 2, 3 + 4) = (14, 7): wrong at (1, 2), where ∇f = (7, 14).
      await submit(user, 'g-point', '(14, 7)');
      expect(await deliver()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      const first = scoresFor('a-regrade')[0].scoreGiven!;
      expect(first).toBeLessThan(1);
      const course = await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } });
      const reran = await regrade(prisma, { courseId: course.id, exerciseKey: 'g-point', reason: 're-check', actorId: 'nobody', apply: true });
      expect(reran).toMatchObject({ status: 'ok', changed: 0 });
      expect(await deliver()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      // The exercise is fixed to the point (2, 1): the answer (14, 7) is now right.
      const ex = await prisma.exercise.findUniqueOrThrow({ where: { courseId_key: { courseId: course.id, key: 'g-point' } } });
      await prisma.exercise.update({ where: { id: ex.id }, data: { spec: { ...(ex.spec as object), at: [2, 1] }, specHash: 'hash-g-point-2' } });
      const fixed = await regrade(prisma, { courseId: course.id, exerciseKey: 'g-point', reason: 'spec changed', actorId: 'nobody', apply: true });
      expect(fixed).toMatchObject({ status: 'ok', scoreChanged: 1 });
      expect(await deliver()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(scoresFor('a-regrade').map((s) => s.scoreGiven)).toEqual([first, 1]);
    });

    it("posts to the line item the LMS gave with the launch (e.g. made by deep linking), making none", async () => {
      // The LMS made a column for its link and names it in the launch's AGS claim.
      const given = { id: `${platform.lineItemsUrl('ctx-given')}/given-1`, label: 'Made by the LMS', scoreMaximum: 10, resourceId: 'exercise:h-point' };
      platform.lineItems.set('ctx-given', [given]);
      const user = await launch({ ...exerciseLink(learner('a-given'), 'ctx-given'), lineitem: given.id });
      await submit(user, 'h-point', '[6, 2; 2, 14]'); // 0.75 of 10 points
      expect(await deliver()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(itemsIn('ctx-given')).toEqual([given]);
      expect(scoresFor('a-given')).toEqual([expect.objectContaining({ lineItem: given.id, scoreGiven: 0.75, scoreMaximum: 1 })]);
    });

    it('each assessment is a line item, made once per LMS course; a score goes at the submit, the time-out, the release and a grade by hand, never while held', async () => {
      // Homework A: h-point (3 points), closes at 60. Quiz B: h-grad (4 points), 10 minutes, results held until release.
      const T0 = new Date('2026-03-02T09:00:00Z');
      const at = (m: number) => new Date(T0.getTime() + m * 60_000);
      const common = { opensAt: T0.toISOString(), accessCode: null, zones: null };
      await syncCourse(prisma, {
        ...ltiCourse(),
        assessments: [
          { ...common, slug: 'hw-a', title: 'Homework A', type: 'homework', closesAt: at(60).toISOString(), timeLimitMinutes: null, attempts: 3, reveal: 'exercise', slots: [{ exercise: 'h-point', points: 3 }] },
          { ...common, slug: 'quiz-b', title: 'Quiz B', type: 'quiz', closesAt: at(120).toISOString(), timeLimitMinutes: 10, attempts: 1, reveal: 'release', slots: [{ exercise: 'h-grad', points: 4 }] },
        ],
      });
      const course = await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } });
      const quiz = await prisma.assessment.findFirstOrThrow({ where: { courseId: course.id, slug: 'quiz-b' } });
      const ann = await launch(exerciseLink(learner('as-ann'), 'ctx-as'));
      const bea = await launch(exerciseLink(learner('as-bea'), 'ctx-as'));
      const sit = async (user: string, slug: string, now: Date) => {
        const s = await startSitting(prisma, user, 'calc', slug, { now });
        if (s.status !== 'started') throw new Error(s.status);
        return s.sittingId;
      };
      const answer = (user: string, exercise: string, text: string, sitting: string, now: Date) =>
        submitAttempt(prisma, { userId: user, course: 'calc', exercise, answer: text, idempotencyKey: randomUUID(), sitting, now });
      const item = (resource: string) => itemsIn('ctx-as').find((i) => i.resourceId === resource);
      const got = (sub: string, resource: string) => scoresFor(sub).filter((s) => s.lineItem === item(resource)?.id).map((s) => [s.scoreGiven, s.scoreMaximum]);

      // Ann: 3 entries of 4 right at h-point → 0.75 × 3 = 2.25 of 3. Nothing goes while the sitting is open.
      const annHw = await sit(ann, 'hw-a', at(1));
      expect((await answer(ann, 'h-point', '[6, 2; 2, 14]', annHw, at(2))).status).toBe('graded');
      await deliver();
      expect(itemsIn('ctx-as').filter((i) => (i.resourceId ?? '').startsWith('assessment:'))).toEqual([]);
      expect(await prisma.ltiScore.count({ where: { userId: ann } })).toBe(0);
      // She submits while the LMS is down: the score waits, and goes at the retry.
      expect(await submitSitting(prisma, ann, 'calc', 'hw-a', at(5))).toBe('submitted');
      platform.down = true;
      forgetTokens();
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      await deliver();
      warn.mockRestore();
      expect(await prisma.ltiScore.findFirstOrThrow({ where: { userId: ann } })).toMatchObject({ status: 'pending', tries: 1, score: 0.75 });
      expect(got('as-ann', 'assessment:hw-a')).toEqual([]);
      platform.down = false;
      await deliver();
      expect(item('assessment:hw-a')).toMatchObject({ label: 'Homework A', scoreMaximum: 3, tag: 'curvature' });
      expect(got('as-ann', 'assessment:hw-a')).toEqual([[2.25, 3]]);

      // Bea: h-point all wrong (0 of 3), never submitted, and her homework closes at 90 (an accommodation). Open at 61:
      // nothing; after her close the sender finds it timed out.
      const hw = await prisma.assessment.findFirstOrThrow({ where: { courseId: course.id, slug: 'hw-a' } });
      await prisma.accommodation.create({ data: { assessmentId: hw.id, userId: bea, closesAt: at(90) } });
      const beaHw = await sit(bea, 'hw-a', at(2));
      expect((await answer(bea, 'h-point', '[1, 1; 1, 1]', beaHw, at(3))).status).toBe('graded');
      expect(await queueTimedOutSittings(prisma, at(61))).toBe(0);
      expect(await prisma.ltiScore.count({ where: { userId: bea } })).toBe(0);
      expect(await queueTimedOutSittings(prisma, at(91))).toBe(1);
      expect(await queueTimedOutSittings(prisma, at(92))).toBe(0); // once
      await deliver();
      expect(got('as-bea', 'assessment:hw-a')).toEqual([[0, 3]]);

      // Quiz B: Ann answers right (4 of 4) and times out at 20 (10 + 10): held, so nothing goes, and no line item is made.
      const annQuiz = await sit(ann, 'quiz-b', at(10));
      expect((await answer(ann, 'h-grad', '(7, 14)', annQuiz, at(11))).status).toBe('saved');
      expect(await queueTimedOutSittings(prisma, at(21))).toBe(1);
      await deliver();
      expect(item('assessment:quiz-b')).toBeUndefined();
      expect(await prisma.sitting.findUniqueOrThrow({ where: { id: annQuiz } })).toMatchObject({ lmsQueuedAt: at(21) });
      // The release sends it: 4 of 4.
      expect(await releaseResults(prisma, quiz.id, 'teacher', at(130))).toBe(true);
      await deliver();
      expect(item('assessment:quiz-b')).toMatchObject({ label: 'Quiz B', scoreMaximum: 4 });
      expect(got('as-ann', 'assessment:quiz-b')).toEqual([[4, 4]]);
      // A grade by hand of her answer, 25 %: 1 of 4 goes on the same line item.
      const attempt = await prisma.attempt.findFirstOrThrow({ where: { sittingId: annQuiz } });
      expect(await overrideGrade(prisma, course.id, { attemptId: attempt.id, score: 0.25, comment: 'sign slip', byUserId: 'teacher', now: at(131) })).toBe('saved');
      await deliver();
      expect(got('as-ann', 'assessment:quiz-b')).toEqual([[4, 4], [1, 4]]);
      // Two assessments, two line items in this LMS course, each made once (answers in a sitting feed no exercise column).
      expect(itemsIn('ctx-as').map((i) => i.resourceId).sort()).toEqual(['assessment:hw-a', 'assessment:quiz-b']);
      expect(got('as-ann', 'assessment:hw-a')).toEqual([[2.25, 3]]);

      // A regrade that changes her homework answer's result sends the new score: with f = x³ + (7/6)y³ + 2xy,
      // H(1, 2) = [6 2; 2 7·2] = [6 2; 2 14], so her answer is now right: 3 of 3.
      const ex = await prisma.exercise.findUniqueOrThrow({ where: { courseId_key: { courseId: course.id, key: 'h-point' } } });
      await prisma.exercise.update({ where: { id: ex.id }, data: { spec: { ...(ex.spec as object), f: 'x^3 + 7/6*y^3 + 2*x*y' }, specHash: 'hash-h-point-7' } });
      try {
        const reran = await regrade(prisma, { courseId: course.id, exerciseKey: 'h-point', reason: 'spec changed', actorId: 'teacher', apply: true });
        expect(reran.status).toBe('ok');
        await deliver();
        expect(got('as-ann', 'assessment:hw-a')).toEqual([[2.25, 3], [3, 3]]);
        expect(got('as-bea', 'assessment:hw-a')).toEqual([[0, 3]]); // still all wrong
      } finally {
        await prisma.exercise.update({ where: { id: ex.id }, data: { spec: ex.spec as object, specHash: ex.specHash } });
      }
    });

    it('sends nothing for a student who never came from an LMS', async () => {
      const course = await prisma.course.findUniqueOrThrow({ where: { slug: 'calc' } });
      await prisma.user.create({ data: { id: 'local-1', name: 'Local', email: 'local-1@example.com' } });
      await prisma.enrollment.create({ data: { userId: 'local-1', courseId: course.id } });
      const rows = await prisma.ltiScore.count();
      await submit('local-1', 'h-point', '[6, 2; 2, 12]');
      expect(await prisma.ltiScore.count()).toBe(rows);
    });
  });
}
