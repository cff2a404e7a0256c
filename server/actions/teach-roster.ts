'use server';
/**
 * Server actions of the roster page (/teach/<course>/roster): import a list of people,
 * change a member's course role, remove a member, cancel an invitation. Each reads its
 * form with zod, asks requireStaffAction on every call (instructor of the course or admin)
 * and acts only inside that course. The work itself is in server/teach/roster.ts.
 */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getPrisma } from '@/server/db/client';
import { refused, requireStaffAction, type ActionRefusal, type Staff } from '@/server/teach/guard';
import { baseUrl } from '@/server/auth';
import { mailInvitations } from '@/server/invitations';
import { getMailer } from '@/server/mail';
import { COURSE_ROLES } from '@/server/roles';
import {
  cancelInvitation as cancelInvitationIn,
  describeImport,
  importRoster as importRosterInto,
  removeMember as removeMemberFrom,
  setMemberRole,
  type RosterFormState,
} from '@/server/teach/roster';

const slug = z.string().max(100).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const id = z.string().min(1).max(100);

// The text may be up to MAX_ROSTER_BYTES; parseRoster refuses longer lists with a message of its own.
const ImportForm = z.object({ csv: z.string().max(2_000_000) });
const RoleForm = z.object({ userId: id, role: z.enum(COURSE_ROLES) });
const MemberForm = z.object({ userId: id });
const InvitationForm = z.object({ invitationId: id });

/** At most this many per-line details go back to the page. */
const MAX_DETAILS = 200;

function invalid(message = 'The form was not filled in correctly.'): RosterFormState {
  return { status: 'error', message };
}

function refusal(r: ActionRefusal): RosterFormState {
  if (r.status === 'signed-out') return { status: 'error', message: 'Sign in first.' };
  if (r.status === 'forbidden') return { status: 'error', message: r.message };
  return { status: 'error', message: 'There is no such course.' };
}

/**
 * The form's text fields and the instructor it comes from, or what to answer instead.
 * Access is checked before the rest of the form is looked at.
 */
async function staffForm(form: unknown): Promise<{ staff: Staff; values: Record<string, string> } | RosterFormState> {
  if (!(form instanceof FormData)) return invalid();
  const course = slug.safeParse(form.get('course'));
  if (!course.success) return invalid();
  const staff = await requireStaffAction(course.data);
  if (refused(staff)) return refusal(staff);
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'));
  return { staff, values };
}

const rosterPath = (staff: Staff) => `/teach/${staff.course.slug}/roster`;

/** Imports pasted or uploaded CSV (fields: course, csv): invites everyone new and mails them the invitation. */
export async function importRoster(_prev: RosterFormState, form: FormData): Promise<RosterFormState> {
  const checked = await staffForm(form);
  if (!('staff' in checked)) return checked;
  const parsed = ImportForm.safeParse(checked.values);
  if (!parsed.success) return invalid('The list is too long to import at once.');
  const result = await importRosterInto(getPrisma(), checked.staff.course.id, parsed.data.csv);
  if (result.status !== 'done') return { status: 'error', message: result.message };
  revalidatePath(rosterPath(checked.staff));
  const mailed = await mailInvitations(getPrisma(), getMailer(), { courseId: checked.staff.course.id, emails: result.invited.map((l) => l.email), baseUrl: baseUrl() });
  const details = [
    ...result.errors.map((e) => `Line ${e.line}: ${e.message} — not imported.`),
    ...result.alreadyMembers.map((l) => `Line ${l.line}: ${l.email} is already in the course as ${l.role} (role unchanged).`),
    ...result.alreadyInvited.map((l) => `Line ${l.line}: ${l.email} is already invited as ${l.role} (invitation unchanged).`),
    ...result.invited.map((l) => `Line ${l.line}: ${l.email} invited as ${l.role}.`),
  ];
  const shown = details.slice(0, MAX_DETAILS);
  if (details.length > shown.length) shown.push(`… and ${details.length - shown.length} more lines.`);
  const mailNote = mailed.failed > 0 ? ` ${mailed.failed} invitation e-mail${mailed.failed === 1 ? '' : 's'} could not be sent (see the server log); they can still join by signing in with that address.` : '';
  // Partly imported is not failed: 'partial' shows what was done and, apart, the lines that were not.
  const status = result.errors.length === 0 ? 'ok' : result.invited.length + result.alreadyMembers.length + result.alreadyInvited.length > 0 ? 'partial' : 'error';
  return { status, message: describeImport(result) + mailNote, details: shown };
}

const ROLE_MESSAGES = {
  changed: 'Role changed.',
  unchanged: 'They already have that role.',
  'not-member': 'That person is not in this course.',
  'own-role': 'You cannot change your own role; ask another instructor of the course.',
  'last-instructor': 'This is the course’s only instructor: make someone else an instructor first.',
} as const;

/** Changes a member's course role (fields: course, userId, role = student | instructor). */
export async function changeMemberRole(_prev: RosterFormState, form: FormData): Promise<RosterFormState> {
  const checked = await staffForm(form);
  if (!('staff' in checked)) return checked;
  const parsed = RoleForm.safeParse(checked.values);
  if (!parsed.success) return invalid();
  const { staff } = checked;
  const outcome = await setMemberRole(getPrisma(), { courseId: staff.course.id, actorId: staff.user.id, ...parsed.data });
  if (outcome === 'changed') revalidatePath(rosterPath(staff));
  return { status: outcome === 'changed' || outcome === 'unchanged' ? 'ok' : 'error', message: ROLE_MESSAGES[outcome] };
}

const REMOVE_MESSAGES = {
  removed: 'Removed from the course. Their attempts are kept and reappear if they are enrolled again.',
  'not-member': 'That person is not in this course.',
  'own-enrolment': 'You cannot remove yourself; ask another instructor of the course.',
  'last-instructor': 'This is the course’s only instructor: make someone else an instructor first.',
} as const;

/** Removes a member from the course (fields: course, userId); their attempts are kept. */
export async function removeMember(_prev: RosterFormState, form: FormData): Promise<RosterFormState> {
  const checked = await staffForm(form);
  if (!('staff' in checked)) return checked;
  const parsed = MemberForm.safeParse(checked.values);
  if (!parsed.success) return invalid();
  const { staff } = checked;
  const outcome = await removeMemberFrom(getPrisma(), { courseId: staff.course.id, actorId: staff.user.id, userId: parsed.data.userId });
  if (outcome === 'removed') revalidatePath(rosterPath(staff));
  return { status: outcome === 'removed' ? 'ok' : 'error', message: REMOVE_MESSAGES[outcome] };
}

/** Cancels a pending invitation of the course (fields: course, invitationId). */
export async function cancelInvitation(_prev: RosterFormState, form: FormData): Promise<RosterFormState> {
  const checked = await staffForm(form);
  if (!('staff' in checked)) return checked;
  const parsed = InvitationForm.safeParse(checked.values);
  if (!parsed.success) return invalid();
  const cancelled = await cancelInvitationIn(getPrisma(), checked.staff.course.id, parsed.data.invitationId);
  if (cancelled) revalidatePath(rosterPath(checked.staff));
  return cancelled ? { status: 'ok', message: 'Invitation cancelled.' } : { status: 'error', message: 'There is no such invitation in this course (already cancelled or accepted?).' };
}
