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
import { resetSitting } from '@/server/teach/assessments';
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
    assessments: [exam('exam-one', 'Quiz 2', 'one'), exam('exam-log', 'Exam Log', 'log'), exam('exam-done', 'Exam Done', 'one')],
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
