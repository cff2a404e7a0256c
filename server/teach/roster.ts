/**
 * A course's roster, as its instructors manage it: who is enrolled (with their attempts and
 * last activity), who is invited, and the changes an instructor may make — import a list of
 * email addresses (every one is invited — those with accounts accept on their dashboard or
 * through the e-mailed link, see server/invitations.ts), change a member's course role,
 * remove a member, cancel an invitation.
 *
 * Every function here is pure on a PrismaClient and trusts its `courseId`: callers get it
 * from the staff access check (server/teach/guard.ts), never from the request. Every query
 * that touches a member or an invitation filters by that course id too, so an id from
 * another course is simply "not found".
 *
 * Rules: emails are compared trimmed and lower-case; nobody removes or demotes the last
 * instructor of a course; an instructor never changes their own role or removes themselves
 * here (another instructor must). Removing a member deletes only the enrolment — their
 * attempts stay in the database and count again if they are enrolled again.
 */
import { z } from 'zod';
import type { Prisma, PrismaClient } from '@/server/db/client';
import { isUniqueViolation, isWriteConflict } from '@/server/db/errors';
import { COURSE_ROLES, normaliseEmail, type CourseRole } from '@/server/roles';

// ─── limits and small shared pieces ─────────────────────────────────────────────

/** At most this many people (data lines, header and blank lines not counted) per import. */
export const MAX_ROSTER_LINES = 5000;

/**
 * At most this many bytes (UTF-8) per import. Kept below Next.js's 1 MiB limit on a
 * server action's request body so that the form fields around the text still fit.
 */
export const MAX_ROSTER_BYTES = 1_000_000;

const EMAIL = z.email().max(254);

// ─── reading a pasted or uploaded list ─────────────────────────────────────────

/** One valid line of an import. */
export interface RosterLine {
  /** 1-based line of the text where the record starts. */
  line: number;
  /** Normalised (trimmed, lower case). */
  email: string;
  /** The name column, if any (shown nowhere yet: people choose their own name at sign-up). */
  name: string | null;
  role: CourseRole;
}

/** A line that cannot be used, and why. */
export interface RosterLineError {
  line: number;
  message: string;
}

/** What reading a list gave: the usable lines and the bad ones, or a refusal of the whole list. */
export type ParsedRoster =
  | { status: 'ok'; lines: RosterLine[]; errors: RosterLineError[] }
  | { status: 'too-large' | 'empty'; message: string };

interface RawRecord {
  line: number;
  cells: string[];
}

/**
 * Splits CSV text into records (RFC 4180: fields separated by `delimiter`, double quotes
 * around fields that hold delimiters, quotes or line breaks, "" for a quote inside them;
 * CRLF, LF or CR ends a record). A quote left open is reported as an error on its line.
 */
function csvRecords(text: string, delimiter: string): { records: RawRecord[]; error: RosterLineError | null } {
  const records: RawRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  const endRecord = () => {
    cells.push(cell);
    records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      // A quote opens a quoted field only at the field's start (spaces before it are dropped).
      quoted = true;
      quoteLine = line;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += ch;
    }
  }
  if (quoted) return { records, error: { line: quoteLine, message: 'a quoted field is never closed (a " is missing); this line and the ones after it were not read' } };
  if (cell !== '' || cells.length > 0) endRecord();
  return { records, error: null };
}

const HEADER_NAMES: Record<string, 'email' | 'name' | 'role'> = {
  email: 'email',
  'e-mail': 'email',
  'email address': 'email',
  name: 'name',
  'full name': 'name',
  role: 'role',
};

/**
 * Reads a list of people to enrol: either one email per line (optionally followed by a
 * name and a role, in that order), or CSV whose first line is a header with an `email`
 * column and optional `name` and `role` columns (any order, other columns ignored). Fields
 * are separated by commas, or by tabs when the first line has tabs and no commas (a paste
 * from a spreadsheet). A byte-order mark, blank lines, CRLF line ends and quoted fields are
 * all fine. The role is `student` unless given; case and surrounding spaces never matter.
 *
 * Each bad line (not an email, a role other than student/instructor, an email already on an
 * earlier line) is reported with its line number; the rest stay usable. A list longer than
 * MAX_ROSTER_LINES people or MAX_ROSTER_BYTES bytes is refused as a whole.
 */
export function parseRoster(input: string): ParsedRoster {
  const bytes = new TextEncoder().encode(input).length;
  if (bytes > MAX_ROSTER_BYTES) {
    return { status: 'too-large', message: `The list is ${bytes.toLocaleString('en')} bytes; at most ${MAX_ROSTER_BYTES.toLocaleString('en')} (1 MB) can be imported at once. Split it and import the parts one after another.` };
  }
  const text = input.replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const { records, error } = csvRecords(text, delimiter);
  const filled = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (filled.length === 0) {
    return error ? { status: 'ok', lines: [], errors: [error] } : { status: 'empty', message: 'The list is empty: paste at least one email address.' };
  }

  // A header is a first line naming an email column; without one, columns are email, name, role.
  const headerCells = filled[0].cells.map((c) => HEADER_NAMES[c.trim().toLowerCase()]);
  const hasHeader = headerCells.includes('email');
  const column = (name: 'email' | 'name' | 'role', fallback: number) => (hasHeader ? headerCells.indexOf(name) : fallback);
  const at = { email: column('email', 0), name: column('name', 1), role: column('role', 2) };
  const data = hasHeader ? filled.slice(1) : filled;
  if (data.length > MAX_ROSTER_LINES) {
    return { status: 'too-large', message: `The list has ${data.length.toLocaleString('en')} people; at most ${MAX_ROSTER_LINES.toLocaleString('en')} can be imported at once. Split it and import the parts one after another.` };
  }

  const lines: RosterLine[] = [];
  const errors: RosterLineError[] = [];
  const firstSeen = new Map<string, number>();
  for (const { line, cells } of data) {
    const cell = (i: number) => (i >= 0 ? (cells[i] ?? '').trim() : '');
    const rawEmail = cell(at.email);
    const email = normaliseEmail(rawEmail);
    const rawRole = cell(at.role).toLowerCase();
    if (email === '') {
      errors.push({ line, message: 'no email address' });
      continue;
    }
    if (!EMAIL.safeParse(email).success) {
      errors.push({ line, message: `“${rawEmail.slice(0, 100)}” is not an email address` });
      continue;
    }
    if (rawRole !== '' && !(COURSE_ROLES as readonly string[]).includes(rawRole)) {
      errors.push({ line, message: `the role “${cell(at.role).slice(0, 40)}” is not student or instructor` });
      continue;
    }
    const earlier = firstSeen.get(email);
    if (earlier !== undefined) {
      errors.push({ line, message: `${email} is already on line ${earlier}` });
      continue;
    }
    firstSeen.set(email, line);
    lines.push({ line, email, name: cell(at.name) || null, role: (rawRole || 'student') as CourseRole });
  }
  if (error) errors.push(error);
  errors.sort((a, b) => a.line - b.line);
  return { status: 'ok', lines, errors };
}

// ─── importing ─────────────────────────────────────────────────────────────────

/** What happened to one valid line of an import. */
export interface ImportedLine {
  line: number;
  email: string;
  /** The course role they have now (for those already in the course: their role, unchanged). */
  role: CourseRole;
}

/** The result of an import. Invalid lines are skipped and listed; the valid ones are applied. */
export type ImportResult =
  | { status: 'too-large' | 'empty'; message: string }
  | {
      status: 'done';
      /**
       * Invited now — whether or not the address has an account (the importer is not told
       * which): an existing account joins when its owner accepts, a new one at sign-up.
       */
      invited: ImportedLine[];
      /** Already enrolled: nothing changed (not even their role). */
      alreadyMembers: ImportedLine[];
      /** Already invited: the invitation is unchanged. */
      alreadyInvited: ImportedLine[];
      errors: RosterLineError[];
    };

/**
 * Imports a list (see parseRoster) into a course. Lines that cannot be read are reported
 * and skipped; every valid line is applied, all in one transaction (so an import is never
 * half applied: if the database fails, nothing of it is kept). Nobody is enrolled by an
 * import: each new address gets an Invitation with the line's role (marked `forAccount`
 * when the address has an account, so that it waits for their accept); someone already in
 * the course keeps their current role. Mail the invitations with mailInvitations afterwards.
 */
export async function importRoster(prisma: PrismaClient, courseId: string, text: string): Promise<ImportResult> {
  const parsed = parseRoster(text);
  if (parsed.status !== 'ok') return parsed;
  const { lines, errors } = parsed;
  if (lines.length === 0) return { status: 'done', invited: [], alreadyMembers: [], alreadyInvited: [], errors };
  const apply = () =>
    prisma.$transaction(
      async (tx) => {
        const emails = lines.map((l) => l.email);
        const users = await tx.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } });
        const userOf = new Map(users.map((u) => [normaliseEmail(u.email), u.id]));
        const members = await tx.enrollment.findMany({
          where: { courseId, userId: { in: users.map((u) => u.id) } },
          select: { userId: true, role: true },
        });
        const roleOf = new Map(members.map((m) => [m.userId, m.role as CourseRole]));
        const invitations = await tx.invitation.findMany({ where: { courseId, email: { in: emails } }, select: { email: true, role: true } });
        const invitedAs = new Map(invitations.map((i) => [i.email, i.role as CourseRole]));

        const result = { invited: [] as ImportedLine[], alreadyMembers: [] as ImportedLine[], alreadyInvited: [] as ImportedLine[] };
        for (const l of lines) {
          const userId = userOf.get(l.email);
          const current = userId === undefined ? undefined : roleOf.get(userId);
          const invited = invitedAs.get(l.email);
          if (current) result.alreadyMembers.push({ line: l.line, email: l.email, role: current });
          else if (invited) result.alreadyInvited.push({ line: l.line, email: l.email, role: invited });
          else result.invited.push({ line: l.line, email: l.email, role: l.role });
        }
        if (result.invited.length > 0) {
          await tx.invitation.createMany({ data: result.invited.map((l) => ({ courseId, email: l.email, role: l.role, forAccount: userOf.has(l.email) })) });
        }
        return result;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  let applied;
  try {
    applied = await apply();
  } catch (err) {
    // Someone enrolled or was invited between our reads and writes (another import, a
    // sign-up claiming an invitation): the transaction left nothing behind; read again.
    if (!isUniqueViolation(err) && !isWriteConflict(err)) throw err;
    applied = await apply();
  }
  return { status: 'done', ...applied, errors };
}

/** The one-sentence summary of an import, e.g. "3 invited, 1 already in the course, 1 error on line 7: …". */
export function describeImport(result: ImportResult): string {
  if (result.status !== 'done') return result.message;
  const parts: string[] = [];
  if (result.invited.length) parts.push(`${result.invited.length} invited`);
  if (result.alreadyMembers.length) parts.push(`${result.alreadyMembers.length} already in the course`);
  if (result.alreadyInvited.length) parts.push(`${result.alreadyInvited.length} already invited`);
  const { errors } = result;
  if (errors.length === 1) parts.push(`1 error on line ${errors[0].line}: ${errors[0].message}`);
  else if (errors.length > 1) parts.push(`${errors.length} errors (lines ${errors.slice(0, 10).map((e) => e.line).join(', ')}${errors.length > 10 ? ', …' : ''}), not imported`);
  return parts.length === 0 ? 'Nothing to import.' : `${parts.join(', ')}.`;
}

// ─── the roster page ───────────────────────────────────────────────────────────

/** One person enrolled in the course. */
export interface RosterMember {
  userId: string;
  name: string;
  email: string;
  role: CourseRole;
  /** When they were enrolled. */
  joinedAt: Date;
  /** Their attempts on the course's exercises (including any from before a removal). */
  attempts: number;
  /** Their newest attempt in the course, or null. */
  lastActivity: Date | null;
}

/** An invitation waiting for someone to sign up or accept it. */
export interface PendingInvitation {
  id: string;
  email: string;
  role: CourseRole;
  createdAt: Date;
}

/** The roster: members (instructors first, then by name and email) and pending invitations (oldest first). */
export async function courseRoster(prisma: PrismaClient, courseId: string): Promise<{ members: RosterMember[]; invitations: PendingInvitation[] }> {
  const [enrolments, activity, invitations] = await Promise.all([
    prisma.enrollment.findMany({
      where: { courseId },
      select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    }),
    prisma.attempt.groupBy({
      by: ['userId'],
      where: { exercise: { courseId }, user: { enrollments: { some: { courseId } } } },
      _count: { _all: true },
      _max: { createdAt: true },
    }),
    prisma.invitation.findMany({ where: { courseId }, orderBy: [{ createdAt: 'asc' }, { email: 'asc' }] }),
  ]);
  const byUser = new Map(activity.map((a) => [a.userId, a]));
  const members = enrolments.map((e): RosterMember => {
    const a = byUser.get(e.user.id);
    return {
      userId: e.user.id,
      name: e.user.name,
      email: e.user.email,
      role: e.role as CourseRole,
      joinedAt: e.createdAt,
      attempts: a?._count._all ?? 0,
      lastActivity: a?._max.createdAt ?? null,
    };
  });
  const rank = (r: string) => (r === 'instructor' ? 0 : 1);
  members.sort((x, y) => rank(x.role) - rank(y.role) || x.name.localeCompare(y.name) || x.email.localeCompare(y.email));
  return { members, invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role as CourseRole, createdAt: i.createdAt })) };
}

// ─── changing members ──────────────────────────────────────────────────────────

/** What setMemberRole did. */
export type RoleOutcome = 'changed' | 'unchanged' | 'not-member' | 'own-role' | 'last-instructor';

/** What removeMember did. */
export type RemoveOutcome = 'removed' | 'not-member' | 'own-enrolment' | 'last-instructor';

/**
 * Runs `work` in a serializable transaction, once more if the database reports a write
 * conflict. Two instructors demoting each other at the same moment would otherwise each see
 * the other still teaching and leave the course with none; serializable isolation makes one
 * of them see the other's change (SQLite runs write transactions one at a time anyway).
 */
async function serially<T>(prisma: PrismaClient, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(work, { isolationLevel: 'Serializable', timeout: 15_000, maxWait: 10_000 });
    } catch (err) {
      if (!isWriteConflict(err) || attempt >= 5) throw err;
    }
  }
}

/**
 * Gives a member of the course another course role. `actorId` is the instructor (or
 * admin) asking: they cannot change their own role here, and the course's last
 * instructor cannot be made a student.
 */
export async function setMemberRole(
  prisma: PrismaClient,
  change: { courseId: string; actorId: string; userId: string; role: CourseRole },
): Promise<RoleOutcome> {
  if (change.userId === change.actorId) return 'own-role';
  return serially(prisma, async (tx) => {
    const member = await tx.enrollment.findUnique({ where: { userId_courseId: { userId: change.userId, courseId: change.courseId } } });
    if (!member) return 'not-member';
    if (member.role === change.role) return 'unchanged';
    if (member.role === 'instructor') {
      const instructors = await tx.enrollment.count({ where: { courseId: change.courseId, role: 'instructor' } });
      if (instructors <= 1) return 'last-instructor';
    }
    await tx.enrollment.update({ where: { id: member.id }, data: { role: change.role } });
    return 'changed';
  });
}

/**
 * Removes a member from the course: deletes their enrolment only. Their attempts (and
 * grades, extensions) stay in the database and count again if they are enrolled again.
 * Nobody removes themselves here, and the last instructor cannot be removed.
 */
export async function removeMember(prisma: PrismaClient, change: { courseId: string; actorId: string; userId: string }): Promise<RemoveOutcome> {
  if (change.userId === change.actorId) return 'own-enrolment';
  return serially(prisma, async (tx) => {
    const member = await tx.enrollment.findUnique({ where: { userId_courseId: { userId: change.userId, courseId: change.courseId } } });
    if (!member) return 'not-member';
    if (member.role === 'instructor') {
      const instructors = await tx.enrollment.count({ where: { courseId: change.courseId, role: 'instructor' } });
      if (instructors <= 1) return 'last-instructor';
    }
    await tx.enrollment.delete({ where: { id: member.id } });
    return 'removed';
  });
}

/** Cancels a pending invitation of the course; false when there is none with that id in this course. */
export async function cancelInvitation(prisma: PrismaClient, courseId: string, invitationId: string): Promise<boolean> {
  const { count } = await prisma.invitation.deleteMany({ where: { id: invitationId, courseId } });
  return count > 0;
}

/** What the roster forms show after a submission (for useActionState). */
export interface RosterFormState {
  /** 'partial': an import that applied some lines and skipped others. */
  status: 'idle' | 'ok' | 'partial' | 'error';
  message: string;
  /** Per-line details of an import (errors first), at most a few hundred. */
  details?: string[];
}
