/**
 * The roster's data layer (server/teach/roster.ts) and the instructor access check
 * (server/teach/access.ts staffAccess) on a real database: importing a list (everyone new
 * invited, already-enrolled and duplicate lines), claiming and accepting invitations
 * (server/invitations.ts: students at sign-up, instructors with a confirmed address, existing
 * accounts only by their accept; idempotent, concurrent), role changes and removals with the
 * last-instructor and own-role rules, removal keeping attempts, and every refusal.
 * roster-sqlite.test.ts and roster-postgres.test.ts run it on a temporary SQLite file and a
 * throw-away PostgreSQL server. Expected numbers are counted by hand in the comments.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type PrismaClient } from '@/server/db/client';
import { syncCourse, type CourseData } from '@/server/db/seed';
import { staffAccess } from '@/server/teach/access';
import { acceptInvitation, claimInvitations, declineInvitation, openInvitations } from '@/server/invitations';
import {
  cancelInvitation,
  courseRoster,
  describeImport,
  importRoster,
  removeMember,
  setMemberRole,
  type ImportResult,
} from '@/server/teach/roster';
import { useMigratedDatabase, type Harness } from '../support/database';
import { exercise, testCourse } from '../support/course';

/** A course with one lesson and one exercise (attempts need an exercise row). */
function course(slug: string): CourseData {
  return testCourse(slug, `Course ${slug}`, [
    { slug: 'hessian', title: 'The Hessian', exercises: [exercise('h', { kind: 'hessian', f: 'x^3 + y^3', vars: ['x', 'y'], at: [1, 2] })] },
  ]);
}

/** Registers the tests; `setup` makes an empty database. */
export function rosterSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`roster (${name})`, () => {
    let prisma: PrismaClient;
    useMigratedDatabase(setup, (p) => (prisma = p));

    /** A fresh course (own slug per test, so tests never see each other's rows); returns its id. */
    async function newCourse(): Promise<{ id: string; slug: string; exerciseId: string }> {
      const slug = `c-${randomUUID().slice(0, 8)}`;
      await syncCourse(prisma, course(slug));
      const c = await prisma.course.findUniqueOrThrow({ where: { slug }, include: { exercises: true } });
      return { id: c.id, slug, exerciseId: c.exercises[0].id };
    }

    /** A user (site role student unless given), enrolled in `courseId` with `courseRole` when given. */
    async function user(label: string, opts: { courseId?: string; courseRole?: string; role?: string; email?: string } = {}) {
      const id = `${label}-${randomUUID()}`;
      // Stored lower case, as better-auth and the admin CLI store addresses.
      const email = (opts.email ?? `${label}-${randomUUID().slice(0, 8)}@example.com`).toLowerCase();
      await prisma.user.create({ data: { id, name: label, email, role: opts.role ?? 'student' } });
      if (opts.courseId) await prisma.enrollment.create({ data: { userId: id, courseId: opts.courseId, role: opts.courseRole ?? 'student' } });
      return { id, email, role: (opts.role ?? 'student') as 'student' | 'instructor' | 'admin' };
    }

    async function attempt(userId: string, exerciseId: string, createdAt: Date) {
      await prisma.attempt.create({
        data: {
          userId,
          exerciseId,
          seed: 1,
          specHash: 'hash-h',
          graderVersion: 1,
          answerText: '[6, 0; 0, 12]',
          score: 1,
          correct: true,
          feedback: [],
          idempotencyKey: randomUUID(),
          createdAt,
        },
      });
    }

    const roleIn = async (userId: string, courseId: string) =>
      (await prisma.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } }))?.role ?? null;

    function done(r: ImportResult) {
      if (r.status !== 'done') throw new Error(`expected an applied import, got ${r.status}: ${r.message}`);
      return r;
    }

    // ─── access ────────────────────────────────────────────────────────────────

    it('lets only the course’s instructors and admins in: student, other course’s instructor and signed-out are refused', async () => {
      const c = await newCourse();
      const other = await newCourse();
      const teacher = await user('teacher', { courseId: c.id, courseRole: 'instructor' });
      const student = await user('student', { courseId: c.id });
      const otherTeacher = await user('other-teacher', { courseId: other.id, courseRole: 'instructor' });
      // A site-wide "instructor" who does not teach this course is refused too: the course role decides.
      const siteInstructor = await user('site-instructor', { role: 'instructor', courseId: c.id, courseRole: 'student' });
      const admin = await user('admin', { role: 'admin' });

      expect(await staffAccess(prisma, teacher, c.slug)).toEqual({ status: 'ok', course: { id: c.id, slug: c.slug, title: `Course ${c.slug}` } });
      expect((await staffAccess(prisma, admin, c.slug)).status).toBe('ok');
      expect(await staffAccess(prisma, student, c.slug)).toEqual({ status: 'forbidden' });
      expect(await staffAccess(prisma, otherTeacher, c.slug)).toEqual({ status: 'forbidden' });
      expect(await staffAccess(prisma, siteInstructor, c.slug)).toEqual({ status: 'forbidden' });
      expect(await staffAccess(prisma, null, c.slug)).toEqual({ status: 'signed-out' });
      // A missing course looks the same as someone else's to non-admins.
      expect(await staffAccess(prisma, teacher, 'no-such-course')).toEqual({ status: 'forbidden' });
      expect(await staffAccess(prisma, admin, 'no-such-course')).toEqual({ status: 'not-found' });
      // The other course's instructor may manage their own course.
      expect((await staffAccess(prisma, otherTeacher, other.slug)).status).toBe('ok');
    });

    // ─── import ────────────────────────────────────────────────────────────────

    it('invites everyone new — with or without an account, reported alike — enrols nobody, leaves members’ roles alone and reports bad lines', async () => {
      const c = await newCourse();
      const member = await user('member', { courseId: c.id, courseRole: 'student' });
      const existing = await user('existing'); // an account, not in the course
      const teacherElsewhere = await user('teacher-elsewhere');
      const newcomer = `new-${randomUUID().slice(0, 8)}@example.org`;
      const text = [
        'email,name,role', // 1
        `${existing.email.toUpperCase()},Existing Person,student`, // 2 invited (has an account; case ignored)
        `${newcomer},New Person,`, // 3 invited as student (no account)
        `${member.email},Member,instructor`, // 4 already in the course as student: role unchanged
        'broken-address', // 5 error
        `${existing.email},Again,student`, // 6 duplicate of line 2
        `${teacherElsewhere.email},T,instructor`, // 7 invited as instructor (has an account)
      ].join('\n');
      const r = done(await importRoster(prisma, c.id, text));
      // Lines 2, 3 and 7 the same way: the importer cannot tell who has an account.
      expect(r.invited).toEqual([
        { line: 2, email: existing.email, role: 'student' },
        { line: 3, email: newcomer, role: 'student' },
        { line: 7, email: teacherElsewhere.email, role: 'instructor' },
      ]);
      expect(r.alreadyMembers).toEqual([{ line: 4, email: member.email, role: 'student' }]);
      expect(r.alreadyInvited).toEqual([]);
      expect(r.errors).toEqual([
        { line: 5, message: '“broken-address” is not an email address' },
        { line: 6, message: `${existing.email} is already on line 2` },
      ]);
      expect(describeImport(r)).toBe('3 invited, 1 already in the course, 2 errors (lines 5, 6), not imported.');

      // Nobody was put into the course: the existing accounts' invitations wait for their accept.
      expect(await roleIn(existing.id, c.id)).toBeNull();
      expect(await roleIn(teacherElsewhere.id, c.id)).toBeNull();
      expect(await roleIn(member.id, c.id)).toBe('student');
      const invitations = await prisma.invitation.findMany({ where: { courseId: c.id }, orderBy: { email: 'asc' } });
      expect(invitations.map((i) => [i.email, i.role, i.forAccount])).toEqual(
        [
          [existing.email, 'student', true],
          [newcomer, 'student', false],
          [teacherElsewhere.email, 'instructor', true],
        ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
      );
      expect(await prisma.enrollment.count({ where: { courseId: c.id } })).toBe(1);
      // Signing in does not join an invitation that waits for an accept.
      expect(await claimInvitations(prisma, existing)).toEqual([]);
      expect(await roleIn(existing.id, c.id)).toBeNull();

      // The same list again changes nothing: 1 already in the course, 3 already invited.
      const again = done(await importRoster(prisma, c.id, text));
      expect([again.invited.length, again.alreadyMembers.length, again.alreadyInvited.length]).toEqual([0, 1, 3]);
      expect(describeImport(again)).toBe('1 already in the course, 3 already invited, 2 errors (lines 5, 6), not imported.');
      expect(await prisma.invitation.count({ where: { courseId: c.id } })).toBe(3);
    });

    it('refuses a list that is too long or empty as a whole and writes nothing', async () => {
      const c = await newCourse();
      const tooMany = Array.from({ length: 5001 }, (_, i) => `p${i}@example.net`).join('\n');
      expect((await importRoster(prisma, c.id, tooMany)).status).toBe('too-large');
      expect((await importRoster(prisma, c.id, '\n\n')).status).toBe('empty');
      expect(await prisma.invitation.count({ where: { courseId: c.id } })).toBe(0);
    });

    it('imports 5000 new addresses in one go', async () => {
      const c = await newCourse();
      const tag = randomUUID().slice(0, 8);
      const list = ['email', ...Array.from({ length: 5000 }, (_, i) => `bulk-${tag}-${i}@example.net`)].join('\r\n');
      const r = done(await importRoster(prisma, c.id, list));
      expect(r.invited).toHaveLength(5000);
      expect(r.errors).toEqual([]);
      expect(await prisma.invitation.count({ where: { courseId: c.id } })).toBe(5000);
    });

    it('two imports of the same new list at once leave each address invited once', async () => {
      const c = await newCourse();
      const list = Array.from({ length: 20 }, (_, i) => `race-${i}-${randomUUID().slice(0, 6)}@example.net`).join('\n');
      const [a, b] = (await Promise.all([importRoster(prisma, c.id, list), importRoster(prisma, c.id, list)])).map(done);
      // Whichever ran second sees the first one's 20 invitations: 20 invited in total, 20 already invited.
      expect(a.invited.length + b.invited.length).toBe(20);
      expect(a.alreadyInvited.length + b.alreadyInvited.length).toBe(20);
      expect(await prisma.invitation.count({ where: { courseId: c.id } })).toBe(20);
    });

    // ─── claiming and accepting invitations ───────────────────────────────────

    it('joins a new account’s student invitations at sign-up; an instructor invitation waits for a confirmed address', async () => {
      const c1 = await newCourse();
      const c2 = await newCourse();
      const email = `invitee-${randomUUID().slice(0, 8)}@example.org`;
      done(await importRoster(prisma, c1.id, `${email},,student`));
      done(await importRoster(prisma, c2.id, `${email},,instructor`));
      // An invitation to someone else stays where it is.
      const bystander = `bystander-${randomUUID().slice(0, 8)}@example.org`;
      done(await importRoster(prisma, c1.id, bystander));

      // Sign-up (address not confirmed): better-auth stores it lower case; the claim also trims and lower-cases.
      const account = await user('invitee', { email });
      expect(await claimInvitations(prisma, { id: account.id, email: ` ${email.toUpperCase()} ` })).toEqual([c1.id]);
      expect(await roleIn(account.id, c1.id)).toBe('student');
      expect(await roleIn(account.id, c2.id)).toBeNull(); // whoever signed up first with a TA's address gets nothing
      expect(await openInvitations(prisma, account.id)).toEqual([
        { id: expect.any(String), courseTitle: `Course ${c2.slug}`, courseSlug: c2.slug, role: 'instructor', needsConfirmedAddress: true },
      ]);
      const [pending] = await openInvitations(prisma, account.id);
      expect(await acceptInvitation(prisma, account.id, pending.id)).toBe('confirm-address');
      expect(await roleIn(account.id, c2.id)).toBeNull();
      expect(await prisma.invitation.count({ where: { email: bystander } })).toBe(1);

      // Confirmed: the next claim (sign-in, or the confirmation itself) joins it.
      await prisma.user.update({ where: { id: account.id }, data: { emailVerified: true } });
      expect(await claimInvitations(prisma, account)).toEqual([c2.id]);
      expect(await roleIn(account.id, c2.id)).toBe('instructor');
      expect(await prisma.invitation.count({ where: { email } })).toBe(0);
      expect(await claimInvitations(prisma, account)).toEqual([]);
      expect(await prisma.enrollment.count({ where: { userId: account.id } })).toBe(2);
    });

    it('an existing account joins only by accepting; it may decline; nobody accepts another address’s invitation', async () => {
      const c = await newCourse();
      const ann = await user('ann');
      const eve = await user('eve');
      done(await importRoster(prisma, c.id, `${ann.email},,student`));
      const [inv] = await openInvitations(prisma, ann.id);
      expect(inv).toMatchObject({ courseSlug: c.slug, role: 'student', needsConfirmedAddress: false });
      expect(await openInvitations(prisma, eve.id)).toEqual([]);
      expect(await acceptInvitation(prisma, eve.id, inv.id)).toBe('not-found');
      expect(await declineInvitation(prisma, eve.id, inv.id)).toBe(false);
      expect(await roleIn(eve.id, c.id)).toBeNull();
      expect(await acceptInvitation(prisma, ann.id, inv.id)).toBe('joined');
      expect(await roleIn(ann.id, c.id)).toBe('student');
      expect(await acceptInvitation(prisma, ann.id, inv.id)).toBe('not-found'); // used up

      const c2 = await newCourse();
      done(await importRoster(prisma, c2.id, `${ann.email},,instructor`));
      const [teach] = await openInvitations(prisma, ann.id);
      expect(await declineInvitation(prisma, ann.id, teach.id)).toBe(true);
      expect(await openInvitations(prisma, ann.id)).toEqual([]);
      expect(await roleIn(ann.id, c2.id)).toBeNull();
    });

    it('keeps an existing enrolment when claiming, and concurrent claims enrol exactly once', async () => {
      const c = await newCourse();
      const enrolled = await user('enrolled', { courseId: c.id, courseRole: 'student' });
      await prisma.user.update({ where: { id: enrolled.id }, data: { emailVerified: true } });
      await prisma.invitation.create({ data: { courseId: c.id, email: enrolled.email, role: 'instructor' } });
      expect(await claimInvitations(prisma, enrolled)).toEqual([]);
      expect(await roleIn(enrolled.id, c.id)).toBe('student'); // not promoted by a stale invitation
      expect(await prisma.invitation.count({ where: { courseId: c.id } })).toBe(0);

      const email = `racer-${randomUUID().slice(0, 8)}@example.org`;
      done(await importRoster(prisma, c.id, email));
      const racer = await user('racer', { email });
      const results = await Promise.all(Array.from({ length: 6 }, () => claimInvitations(prisma, racer)));
      // Six claims, one course: exactly one of them reports the new enrolment.
      expect(results.flat()).toEqual([c.id]);
      expect(await prisma.enrollment.count({ where: { userId: racer.id } })).toBe(1);
      expect(await prisma.invitation.count({ where: { email } })).toBe(0);
    });

    // ─── the roster, removal and attempts ──────────────────────────────────────

    it('lists members with attempts and last activity; removal keeps attempts, which reappear on re-enrolment', async () => {
      const c = await newCourse();
      const other = await newCourse();
      const teacher = await user('Teacher', { courseId: c.id, courseRole: 'instructor' });
      const bea = await user('Bea', { courseId: c.id });
      await user('Abe', { courseId: c.id });
      await attempt(bea.id, c.exerciseId, new Date('2027-03-01T10:00:00Z'));
      await attempt(bea.id, c.exerciseId, new Date('2027-03-02T11:30:00Z'));
      // Bea's attempt in another course does not count here.
      await prisma.enrollment.create({ data: { userId: bea.id, courseId: other.id } });
      await attempt(bea.id, other.exerciseId, new Date('2027-04-01T00:00:00Z'));
      done(await importRoster(prisma, c.id, 'zed@example.invalid'));

      const roster = await courseRoster(prisma, c.id);
      // Instructors first, then by name: Teacher, Abe, Bea.
      expect(roster.members.map((m) => [m.name, m.role, m.attempts, m.lastActivity?.toISOString() ?? null])).toEqual([
        ['Teacher', 'instructor', 0, null],
        ['Abe', 'student', 0, null],
        ['Bea', 'student', 2, '2027-03-02T11:30:00.000Z'],
      ]);
      expect(roster.invitations.map((i) => [i.email, i.role])).toEqual([['zed@example.invalid', 'student']]);

      expect(await removeMember(prisma, { courseId: c.id, actorId: teacher.id, userId: bea.id })).toBe('removed');
      expect(await roleIn(bea.id, c.id)).toBeNull();
      expect(await roleIn(bea.id, other.id)).toBe('student'); // the other course's enrolment is untouched
      // All 3 of Bea's attempts are still stored (2 here, 1 in the other course).
      expect(await prisma.attempt.count({ where: { userId: bea.id } })).toBe(3);
      expect((await courseRoster(prisma, c.id)).members.map((m) => m.name)).toEqual(['Teacher', 'Abe']);
      // Removing her again: she is not a member any more.
      expect(await removeMember(prisma, { courseId: c.id, actorId: teacher.id, userId: bea.id })).toBe('not-member');

      // Re-enrolled through an import: her 2 attempts in this course count again.
      const back = done(await importRoster(prisma, c.id, bea.email));
      expect(back.invited.map((l) => l.email)).toEqual([bea.email]);
      const [again] = await openInvitations(prisma, bea.id);
      expect(await acceptInvitation(prisma, bea.id, again.id)).toBe('joined');
      const bea2 = (await courseRoster(prisma, c.id)).members.find((m) => m.userId === bea.id);
      expect([bea2?.attempts, bea2?.lastActivity?.toISOString()]).toEqual([2, '2027-03-02T11:30:00.000Z']);
    });

    it('cancels an invitation of this course only', async () => {
      const c = await newCourse();
      const other = await newCourse();
      done(await importRoster(prisma, c.id, 'mine@example.invalid'));
      done(await importRoster(prisma, other.id, 'theirs@example.invalid'));
      const mine = await prisma.invitation.findFirstOrThrow({ where: { courseId: c.id } });
      const theirs = await prisma.invitation.findFirstOrThrow({ where: { courseId: other.id } });
      // An invitation id from another course is "not found" here and stays.
      expect(await cancelInvitation(prisma, c.id, theirs.id)).toBe(false);
      expect(await prisma.invitation.count({ where: { id: theirs.id } })).toBe(1);
      expect(await cancelInvitation(prisma, c.id, mine.id)).toBe(true);
      expect(await cancelInvitation(prisma, c.id, mine.id)).toBe(false);
      expect(await prisma.invitation.count({ where: { courseId: c.id } })).toBe(0);
    });

    // ─── roles and the last instructor ─────────────────────────────────────────

    it('changes roles both ways, but never the actor’s own and never away from the last instructor', async () => {
      const c = await newCourse();
      const teacher = await user('teacher', { courseId: c.id, courseRole: 'instructor' });
      const student = await user('student', { courseId: c.id });
      const admin = await user('admin', { role: 'admin' }); // manages every course without being enrolled

      expect(await setMemberRole(prisma, { courseId: c.id, actorId: teacher.id, userId: teacher.id, role: 'student' })).toBe('own-role');
      expect(await removeMember(prisma, { courseId: c.id, actorId: teacher.id, userId: teacher.id })).toBe('own-enrolment');
      // The admin cannot take away the only instructor either.
      expect(await setMemberRole(prisma, { courseId: c.id, actorId: admin.id, userId: teacher.id, role: 'student' })).toBe('last-instructor');
      expect(await removeMember(prisma, { courseId: c.id, actorId: admin.id, userId: teacher.id })).toBe('last-instructor');
      expect(await roleIn(teacher.id, c.id)).toBe('instructor');

      expect(await setMemberRole(prisma, { courseId: c.id, actorId: teacher.id, userId: student.id, role: 'student' })).toBe('unchanged');
      expect(await setMemberRole(prisma, { courseId: c.id, actorId: teacher.id, userId: student.id, role: 'instructor' })).toBe('changed');
      expect(await roleIn(student.id, c.id)).toBe('instructor');
      // Two instructors now: the admin may demote the first one.
      expect(await setMemberRole(prisma, { courseId: c.id, actorId: admin.id, userId: teacher.id, role: 'student' })).toBe('changed');
      // …and now the former student is the last instructor.
      expect(await removeMember(prisma, { courseId: c.id, actorId: admin.id, userId: student.id })).toBe('last-instructor');
      expect(await prisma.enrollment.count({ where: { courseId: c.id, role: 'instructor' } })).toBe(1);
    });

    it('only touches members of the given course', async () => {
      const c = await newCourse();
      const other = await newCourse();
      const teacher = await user('teacher', { courseId: c.id, courseRole: 'instructor' });
      const outsider = await user('outsider', { courseId: other.id, courseRole: 'instructor' });
      await user('outsider-2', { courseId: other.id, courseRole: 'instructor' });
      expect(await setMemberRole(prisma, { courseId: c.id, actorId: teacher.id, userId: outsider.id, role: 'student' })).toBe('not-member');
      expect(await removeMember(prisma, { courseId: c.id, actorId: teacher.id, userId: outsider.id })).toBe('not-member');
      expect(await roleIn(outsider.id, other.id)).toBe('instructor');
    });

    it('two instructors demoting each other at the same moment leave one instructor', async () => {
      for (let round = 0; round < 3; round++) {
        const c = await newCourse();
        const a = await user('a', { courseId: c.id, courseRole: 'instructor' });
        const b = await user('b', { courseId: c.id, courseRole: 'instructor' });
        const outcomes = await Promise.all([
          setMemberRole(prisma, { courseId: c.id, actorId: a.id, userId: b.id, role: 'student' }),
          removeMember(prisma, { courseId: c.id, actorId: b.id, userId: a.id }),
        ]);
        // Exactly one of the two changes goes through; the other finds the last instructor.
        expect(outcomes.filter((o) => o === 'last-instructor')).toHaveLength(1);
        expect(await prisma.enrollment.count({ where: { courseId: c.id, role: 'instructor' } })).toBe(1);
      }
    });
  });
}
