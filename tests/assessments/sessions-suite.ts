/**
 * One session per student (server/exam-sessions.ts), with real sign-ins through better-auth:
 * an exam with "sessions": "one" is bound to the session that started it — a sign-in
 * elsewhere (right password) is refused with a message naming the exam, a session that was
 * signed in before sees the sitting closed and cannot answer or submit, and the instructor's
 * reset ends the bound session so the next sign-in continues it. With "log" the second
 * sign-in goes through and is in the audit log. A closed sitting guards nothing. Hessian by
 * hand: f = 3x² + y² + xy has H = [6 1; 1 2].
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@/server/db/client';
import { syncCourse, type CourseData } from '@/server/db/seed';
import { createAuth, sessionUser, type Auth } from '@/server/auth';
import { hashPassword } from '@/server/db/passwords';
import { submitAttempt } from '@/server/attempts';
import { sittingView, startSitting, submitSitting } from '@/server/assessments';
import { overrideGrade, releaseResults, resetSitting, setAccommodation } from '@/server/teach/assessments';
import { auditLog, auditLogCsv, LOG_PAGE } from '@/server/teach/audit-log';
import { useMigratedDatabase, type Harness } from '../support/database';

const BASE = 'http://curvature.test';
const ENV = { BASE_URL: BASE, AUTH_SECRET: 'sessions-tests-secret-0123456789-abcdefghijkl' };
const PASSWORD = 'exam day password';
const RIGHT = '[6, 1; 1, 2]';

function sessionsCourse(): CourseData {
  const exam = (slug: string, title: string, sessions: 'one' | 'log') => ({
    slug, title, type: 'exam', opensAt: null, closesAt: null, timeLimitMinutes: 60, attempts: 3, reveal: 'release', accessCode: null, sessions,
    slots: [{ exercise: 'e-1', points: 1 }],
  });
  return {
    slug: 'ses',
    title: 'Sessions course',
    lessons: [{
      slug: 'hessian', title: 'The Hessian', position: 0,
      exercises: [{ key: 'e-1', kind: 'hessian', kindVersion: 1, spec: { kind: 'hessian', f: '3*x^2 + y^2 + x*y', vars: ['x', 'y'], at: [0, 0] }, specHash: 'hash-e-1', position: 0, settings: { attempts: 5 } }],
    }],
    assessments: [exam('exam-one', 'Quiz 2', 'one'), exam('exam-log', 'Exam Log', 'log'), exam('exam-done', 'Exam Done', 'one'), exam('exam-audit', 'Exam Audit', 'log'), exam('exam-pages', 'Exam Pages', 'log'), exam('exam-late', 'Exam Late', 'log')],
  };
}

export function sessionsSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`one session per student (${name})`, () => {
    let prisma: PrismaClient;
    let provider: Harness['db']['provider'];
    let auth: Auth;
    let hash: string;
    const ids: Record<string, string> = {};
    useMigratedDatabase(async () => {
      const h = await setup();
      provider = h.db.provider;
      return h;
    }, (p) => (prisma = p));
    beforeAll(async () => {
      auth = createAuth({ prisma, provider, env: ENV });
      hash = await hashPassword(PASSWORD);
      await syncCourse(prisma, sessionsCourse());
      ids.course = (await prisma.course.findUniqueOrThrow({ where: { slug: 'ses' } })).id;
      for (const a of await prisma.assessment.findMany({ where: { courseId: ids.course } })) ids[a.slug] = a.id;
    });

    /** An enrolled student with a password; returns id and email. */
    async function student(label: string): Promise<{ id: string; email: string }> {
      const id = `${label}-${randomUUID()}`;
      const email = `${id}@example.com`;
      await prisma.user.create({ data: { id, email, name: label, accounts: { create: { id: randomUUID(), accountId: id, providerId: 'credential', password: hash } } } });
      await prisma.enrollment.create({ data: { userId: id, courseId: ids.course, role: 'student' } });
      return { id, email };
    }
    /** A real sign-in (POST /api/auth/sign-in/email) from a device at `ip`. */
    async function signIn(email: string, password = PASSWORD, ip = '203.0.113.20') {
      const res = await auth.handler(new Request(`${BASE}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: BASE, 'x-forwarded-for': ip },
        body: JSON.stringify({ email, password }),
      }));
      const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const body = (await res.json().catch(() => null)) as { message?: string } | null;
      const who = cookie ? await sessionUser(auth, new Headers({ cookie })) : null;
      return { status: res.status, message: body?.message, sessionId: who?.sessionId, headers: new Headers({ cookie }) };
    }
    const answer = (userId: string, sittingId: string, sessionId: string | undefined) =>
      submitAttempt(prisma, { userId, course: 'ses', exercise: 'e-1', answer: RIGHT, idempotencyKey: randomUUID(), sitting: sittingId, sessionId });
    const closedReason = async (userId: string, slug: string, sessionId: string | undefined) => {
      const view = await sittingView(prisma, userId, 'ses', slug, new Date(), sessionId);
      if (view.status !== 'ok') throw new Error(view.status);
      return view.sitting.closedReason;
    };
    const events = async (slug: string, userId: string) =>
      (await prisma.assessmentEvent.findMany({ where: { assessmentId: ids[slug], userId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map((e) => [e.action, e.detail]);
    const MESSAGE = 'You are taking Quiz 2 on another device; ask your instructor to reset it.';

    it('"one": a second sign-in is refused, an older session cannot answer, and the instructor\'s reset lets the next sign-in continue', async () => {
      const s = await student('one');
      const phone = await signIn(s.email, PASSWORD, '198.51.100.7'); // signed in before the exam
      const laptop = await signIn(s.email);
      expect([phone.status, laptop.status]).toEqual([200, 200]);
      const started = await startSitting(prisma, s.id, 'ses', 'exam-one', { sessionId: laptop.sessionId });
      expect(started.status).toBe('started');
      const sittingId = started.status === 'started' ? started.sittingId : '';
      expect((await prisma.sitting.findUniqueOrThrow({ where: { id: sittingId } })).sessionId).toBe(laptop.sessionId);

      // Another device: the right password is refused with the exam's name; a wrong one fails as any wrong password does.
      const second = await signIn(s.email, PASSWORD, '192.0.2.50');
      expect(second).toMatchObject({ status: 403, message: MESSAGE, sessionId: undefined });
      const wrong = await signIn(s.email, 'not the password', '192.0.2.50');
      expect(wrong.status).toBe(401);
      expect(wrong.message).not.toMatch(/Quiz 2/);
      expect(await prisma.session.count({ where: { userId: s.id } })).toBe(2);

      // The phone's older session sees the sitting closed and can neither answer nor submit; the laptop answers.
      expect(await closedReason(s.id, 'exam-one', phone.sessionId)).toBe(MESSAGE);
      expect((await answer(s.id, sittingId, phone.sessionId)).status).toBe('closed');
      expect(await submitSitting(prisma, s.id, 'ses', 'exam-one', new Date(), phone.sessionId)).toBe('other-session');
      expect(await closedReason(s.id, 'exam-one', laptop.sessionId)).toBeNull();
      expect((await answer(s.id, sittingId, laptop.sessionId)).status).toBe('saved');

      // The laptop broke: the instructor resets; its session ends at once, and the next sign-in (the tablet) continues.
      const teacher = `teacher-${randomUUID()}`;
      expect(await resetSitting(prisma, ids['exam-one'], s.id, teacher)).toBe('reset');
      expect(await sessionUser(auth, laptop.headers)).toBeNull();
      const tablet = await signIn(s.email, PASSWORD, '192.0.2.60');
      expect(tablet.status).toBe(200);
      expect((await prisma.sitting.findUniqueOrThrow({ where: { id: sittingId } })).sessionId).toBe(tablet.sessionId);
      expect(await closedReason(s.id, 'exam-one', tablet.sessionId)).toBeNull();
      expect(await closedReason(s.id, 'exam-one', phone.sessionId)).toBe(MESSAGE);
      expect((await signIn(s.email, PASSWORD, '192.0.2.50')).status).toBe(403);

      expect(await events('exam-one', s.id)).toEqual([
        ['start', { exercises: ['e-1'] }],
        ['sign-in-refused', { address: '192.0.2.50' }],
        ['refused', { reason: 'other-session', exercise: 'e-1' }],
        ['refused', { reason: 'other-session' }],
        ['answer', { exercise: 'e-1', number: 1 }],
        ['session-reset', { by: teacher, endedSession: true }],
        ['sign-in', { address: '192.0.2.60', bound: true }],
        ['sign-in-refused', { address: '192.0.2.50' }],
      ]);
      // The answer itself is an Attempt of the sitting (not an event): one, from the laptop.
      expect(await prisma.attempt.count({ where: { sittingId } })).toBe(1);
    });

    it('"log": a second sign-in goes through and is in the audit log; both sessions may answer', async () => {
      const s = await student('log');
      const laptop = await signIn(s.email);
      const started = await startSitting(prisma, s.id, 'ses', 'exam-log', { sessionId: laptop.sessionId });
      expect(started.status).toBe('started');
      const second = await signIn(s.email, PASSWORD, '192.0.2.70');
      expect(second.status).toBe(200);
      expect(await closedReason(s.id, 'exam-log', second.sessionId)).toBeNull();
      expect(await events('exam-log', s.id)).toEqual([
        ['start', { exercises: ['e-1'] }],
        ['sign-in', { address: '192.0.2.70', secondSession: true }],
      ]);
    });

    it('the audit log has start, answers, submit, time-out, extra time, override, release and reset, newest first, by student, and as CSV', async () => {
      const T = new Date(Date.now() - 3 * 3600_000); // three hours ago: a 60-minute sitting started then has timed out
      const at = (min: number) => new Date(T.getTime() + min * 60_000);
      const ada = await student('ada');
      const bob = await student('bob');
      const teacherId = `teacher-${randomUUID()}`;
      await prisma.user.create({ data: { id: teacherId, email: `${teacherId}@example.com`, name: 'Teacher' } });
      const a = await prisma.assessment.findUniqueOrThrow({ where: { id: ids['exam-audit'] } });
      // Ada: start, answer twice, submit. Bob: extra 10 minutes, start, answer, never submits: times out at 0 + 60 + 10 = 70 min.
      await setAccommodation(prisma, a, bob.id, { extraMinutes: 10, closesAt: null }, teacherId, at(0));
      const sa = await startSitting(prisma, ada.id, 'ses', 'exam-audit', { now: at(1) });
      const sb = await startSitting(prisma, bob.id, 'ses', 'exam-audit', { now: at(2) });
      if (sa.status !== 'started' || sb.status !== 'started') throw new Error('not started');
      const say = (u: string, sitting: string, text: string, now: Date) => submitAttempt(prisma, { userId: u, course: 'ses', exercise: 'e-1', answer: text, idempotencyKey: randomUUID(), sitting, now });
      // [6 0; 0 2] has 2 of H's 4 entries right: 0.5 (the override below starts from it).
      expect((await say(ada.id, sa.sittingId, '[6, 0; 0, 2]', at(5))).status).toBe('saved');
      expect((await say(ada.id, sa.sittingId, RIGHT, at(6))).status).toBe('saved');
      expect((await say(bob.id, sb.sittingId, RIGHT, at(7))).status).toBe('saved');
      expect(await submitSitting(prisma, ada.id, 'ses', 'exam-audit', at(8))).toBe('submitted');
      const adaFirst = await prisma.attempt.findFirstOrThrow({ where: { sittingId: sa.sittingId, number: 1 } });
      expect(await overrideGrade(prisma, ids.course, { attemptId: adaFirst.id, score: 0.75, comment: 'one entry right', byUserId: teacherId, now: at(80) })).toBe('saved');
      expect(await resetSitting(prisma, a.id, bob.id, teacherId, at(81))).toBe('reset');
      expect(await releaseResults(prisma, a.id, teacherId, at(82))).toBe(true);

      const log = await auditLog(prisma, ids.course, 'exam-audit', { now: at(90) });
      if (!log) throw new Error('no log');
      const row = (e: { at: Date; user: { email: string }; action: string; detail: string }) => [Math.round((e.at.getTime() - T.getTime()) / 60_000), e.user.email, e.action, e.detail];
      const by = `by: ${teacherId}@example.com`;
      // Newest first; the time-out is written at Bob's deadline (2 + 60 + 10 = 72), not when it was noticed.
      expect(log.entries.map(row)).toEqual([
        [82, `${teacherId}@example.com`, 'release', ''],
        [81, bob.email, 'session-reset', `${by}, endedSession: false`],
        [80, ada.email, 'override', `${by}, attempt: ${adaFirst.id}, comment: one entry right, from: 0.5, to: 0.75`],
        [72, bob.email, 'timeout', `deadline: ${at(72).toISOString()}`],
        [8, ada.email, 'submit', ''],
        [7, bob.email, 'answer', 'exercise: e-1, number: 1'],
        [6, ada.email, 'answer', 'exercise: e-1, number: 2'],
        [5, ada.email, 'answer', 'exercise: e-1, number: 1'],
        [2, bob.email, 'start', 'exercises: e-1'],
        [1, ada.email, 'start', 'exercises: e-1'],
        [0, bob.email, 'accommodation', `${by}, closesAt: null, extraMinutes: 10`],
      ]);
      expect([log.total, log.page, log.pages, LOG_PAGE]).toEqual([11, 1, 1, 100]);
      expect(log.people.map((p) => p.name)).toEqual(['ada', 'bob', 'Teacher']);
      // A second look writes no second time-out.
      expect((await auditLog(prisma, ids.course, 'exam-audit', { now: at(95) }))?.total).toBe(11);
      // By student: Bob's own actions and what was done to him.
      const bobs = await auditLog(prisma, ids.course, 'exam-audit', { student: bob.id, now: at(95) });
      expect(bobs?.entries.map((e) => e.action)).toEqual(['session-reset', 'timeout', 'answer', 'start', 'accommodation']);
      expect(await auditLog(prisma, ids.course, 'no-such-exam')).toBeNull();
      // The CSV: a header, then oldest first, server time in UTC.
      let csv = '';
      for await (const chunk of auditLogCsv(prisma, a.id, ada.id)) csv += chunk;
      expect(csv.split('\r\n')).toEqual([
        'server_time,student_name,student_email,action,detail',
        `${at(1).toISOString()},ada,${ada.email},start,exercises: e-1`,
        `${at(5).toISOString()},ada,${ada.email},answer,"exercise: e-1, number: 1"`,
        `${at(6).toISOString()},ada,${ada.email},answer,"exercise: e-1, number: 2"`,
        `${at(8).toISOString()},ada,${ada.email},submit,`,
        `${at(80).toISOString()},ada,${ada.email},override,"${by}, attempt: ${adaFirst.id}, comment: one entry right, from: 0.5, to: 0.75"`,
        '',
      ]);
    });

    it('the audit log pages by 100 newest first, clamps a bad page number, and its CSV has every event, a formula-like name made inert', async () => {
      const T = new Date(Date.now() - 24 * 3600_000);
      const at = (min: number) => new Date(T.getTime() + min * 60_000);
      const eve = await student('eve');
      const mal = await student('mal');
      await prisma.user.update({ where: { id: mal.id }, data: { name: '=HYPERLINK("http://evil.test")' } });
      // 501 events of Eve's (one past a CSV batch of 500), minutes 0…500, and Mal's one at minute 1000: 502 in all, 6 pages (5 of 100 and 1 of 2).
      await prisma.assessmentEvent.createMany({ data: Array.from({ length: 501 }, (_, i) => ({ assessmentId: ids['exam-pages'], userId: eve.id, action: 'refused', createdAt: at(i), detail: { reason: 'closed', n: i } })) });
      await prisma.assessmentEvent.create({ data: { assessmentId: ids['exam-pages'], userId: mal.id, action: 'refused', createdAt: at(1000), detail: { reason: 'closed' } } });
      const minutes = (log: Awaited<ReturnType<typeof auditLog>>) => log!.entries.map((e) => Math.round((e.at.getTime() - T.getTime()) / 60_000));
      const page = (n: number, student?: string) => auditLog(prisma, ids.course, 'exam-pages', { page: n, student });
      const first = await page(1);
      expect([first?.total, first?.page, first?.pages]).toEqual([502, 1, 6]);
      expect(minutes(first)).toEqual([1000, ...Array.from({ length: 99 }, (_, i) => 500 - i)]); // 1000, 500 … 402
      expect(minutes(await page(2))).toEqual(Array.from({ length: 100 }, (_, i) => 401 - i)); // 401 … 302: no event skipped or repeated
      const last = await page(6);
      expect([last?.page, ...minutes(last)]).toEqual([6, 1, 0]);
      // Out of range or not a number: the nearest page there is.
      expect([(await page(0))?.page, (await page(-3))?.page, (await page(Number.NaN))?.page, (await page(99))?.page, (await page(2.7))?.page]).toEqual([1, 1, 1, 6, 2]);
      // By student: Mal's one event, one page.
      const mals = await page(1, mal.id);
      expect([mals?.total, mals?.pages, ...minutes(mals)]).toEqual([1, 1, 1000]);
      expect(mals?.entries[0].user.name).toBe('=HYPERLINK("http://evil.test")'); // the page shows the name as typed (React renders it as text)
      // The CSV: all 502 oldest first across the batch of 500, and the name starts with an apostrophe (server/teach/csv.ts guardFormula).
      let csv = '';
      for await (const chunk of auditLogCsv(prisma, ids['exam-pages'])) csv += chunk;
      const lines = csv.split('\r\n');
      expect(lines.length).toBe(1 + 502 + 1);
      expect(lines.slice(1, -1).map((l) => l.slice(0, 24))).toEqual([...Array.from({ length: 501 }, (_, i) => at(i).toISOString()), at(1000).toISOString()]);
      expect(lines[502]).toBe(`${at(1000).toISOString()},"'=HYPERLINK(""http://evil.test"")",${mal.email},refused,reason: closed`);
    });

    it('a time-out is logged at each deadline: extra time after a time-out gives a second one at the later deadline', async () => {
      const T = new Date(Date.now() - 5 * 3600_000);
      const at = (min: number) => new Date(T.getTime() + min * 60_000);
      const kim = await student('kim');
      const teacherId = `teacher-${randomUUID()}`;
      await prisma.user.create({ data: { id: teacherId, email: `${teacherId}@example.com`, name: 'Teacher' } });
      const a = await prisma.assessment.findUniqueOrThrow({ where: { id: ids['exam-late'] } });
      const s = await startSitting(prisma, kim.id, 'ses', 'exam-late', { now: at(0) });
      expect(s.status).toBe('started');
      // 60 minutes: timed out at 60, noticed at 70 (twice: written once).
      await auditLog(prisma, ids.course, 'exam-late', { now: at(70) });
      await auditLog(prisma, ids.course, 'exam-late', { now: at(71) });
      // 30 more minutes: the deadline is 0 + 60 + 30 = 90; seen at 80 it is open (no time-out), at 100 it has timed out again.
      await setAccommodation(prisma, a, kim.id, { extraMinutes: 30, closesAt: null }, teacherId, at(75));
      await auditLog(prisma, ids.course, 'exam-late', { now: at(80) });
      const log = await auditLog(prisma, ids.course, 'exam-late', { now: at(100) });
      expect(log?.entries.map((e) => [Math.round((e.at.getTime() - T.getTime()) / 60_000), e.action])).toEqual([[90, 'timeout'], [75, 'accommodation'], [60, 'timeout'], [0, 'start']]);
    });

    it('"one" guards only an open sitting: after the submit any device signs in', async () => {
      const s = await student('done');
      const laptop = await signIn(s.email);
      expect((await startSitting(prisma, s.id, 'ses', 'exam-done', { sessionId: laptop.sessionId })).status).toBe('started');
      expect((await signIn(s.email, PASSWORD, '192.0.2.80')).status).toBe(403);
      expect(await submitSitting(prisma, s.id, 'ses', 'exam-done', new Date(), laptop.sessionId)).toBe('submitted');
      expect((await signIn(s.email, PASSWORD, '192.0.2.80')).status).toBe(200);
      // A student who never started is not guarded either.
      const fresh = await student('fresh');
      expect((await signIn(fresh.email)).status).toBe(200);
      expect((await signIn(fresh.email, PASSWORD, '192.0.2.81')).status).toBe(200);
    });
  });
}
