'use server';
/**
 * Server actions of the instructor's settings and regrade pages. Each one checks on every
 * call that the session's user teaches the course (requireStaffAction), validates its input
 * with zod (server/teach/settings.ts and regrade.ts), and then acts on that course only.
 */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getPrisma } from '@/server/db/client';
import { refused, requireStaffAction, type ActionRefusal } from '@/server/teach/guard';
import { setEnrolmentOptions } from '@/server/enrolment';
import {
  generateJoinCode,
  parseEnrolmentForm,
  parseExtensionForm,
  parseLessonForm,
  removeExtension,
  saveExtension,
  saveLessonSettings,
  type ManageState,
} from '@/server/teach/settings';
import { parseRegradeForm, regrade, runChanges, type RegradeChange, type RegradeReport } from '@/server/teach/regrade';
import { authSecret } from '@/server/auth';
import { resendScore } from '@/server/lti/ags';
import { syncRoster } from '@/server/lti/nrps';

const courseSlug = z.string().max(100).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

/** The refusal as a form state. */
function refusal(r: ActionRefusal): ManageState {
  if (r.status === 'signed-out') return { status: 'error', message: 'Sign in first.' };
  if (r.status === 'forbidden') return { status: 'error', message: r.message };
  return { status: 'error', message: 'There is no such course.' };
}

/** The instructor and course for `course`, or the state to return. */
async function staff(course: unknown) {
  const slug = courseSlug.safeParse(course);
  if (!slug.success) return { status: 'error', message: 'There is no such course.' } satisfies ManageState;
  const who = await requireStaffAction(slug.data);
  return refused(who) ? refusal(who) : who;
}

const BAD_FORM: ManageState = { status: 'error', message: 'The form was not filled in correctly.' };

function settingsChanged(slug: string) {
  revalidatePath(`/teach/${slug}/settings`);
}

/** Saves open enrolment and the join code (values: openEnrollment boolean, joinCode string). */
export async function saveEnrolment(course: string, values: unknown): Promise<ManageState> {
  const who = await staff(course);
  if ('status' in who) return who;
  const form = parseEnrolmentForm(values);
  if (!form.ok) return { status: 'error', message: form.message, fieldErrors: form.fieldErrors };
  const outcome = await setEnrolmentOptions(getPrisma(), who.user, who.course.slug, form.data);
  if (outcome === 'code-taken') return { status: 'error', message: 'Another course uses that join code; choose another.', fieldErrors: { joinCode: 'Another course uses that join code.' } };
  if (outcome !== 'saved') return { status: 'error', message: 'Only an instructor of this course may change its enrolment.' };
  settingsChanged(who.course.slug);
  revalidatePath('/dashboard');
  return { status: 'ok', message: 'Enrolment saved.' };
}

/** Sets a new random join code (open enrolment unchanged) and returns it. */
export async function newJoinCode(course: string): Promise<ManageState> {
  const who = await staff(course);
  if ('status' in who) return who;
  const { outcome, joinCode } = await generateJoinCode(getPrisma(), who.user, who.course.slug);
  if (outcome !== 'saved' || !joinCode) return { status: 'error', message: 'Could not make a new join code; try again.' };
  settingsChanged(who.course.slug);
  revalidatePath('/dashboard');
  return { status: 'ok', message: `New join code ${joinCode} saved.`, joinCode };
}

/** Saves one lesson's due date and overrides (values: lessonId, dueAt ISO UTC or '', attempts, reveal). */
export async function saveLesson(course: string, values: unknown): Promise<ManageState> {
  const who = await staff(course);
  if ('status' in who) return who;
  const form = parseLessonForm(values);
  if (!form.ok) return { status: 'error', message: form.message, fieldErrors: form.fieldErrors };
  const outcome = await saveLessonSettings(getPrisma(), who.course.id, form.data);
  if (outcome !== 'saved') return { status: 'error', message: 'That lesson is not in this course.' };
  settingsChanged(who.course.slug);
  return { status: 'ok', message: 'Saved.' };
}

/** Gives a student a new due date for a lesson, or changes it (values: lessonId, userId, dueAt ISO UTC). */
export async function saveStudentExtension(course: string, values: unknown): Promise<ManageState> {
  const who = await staff(course);
  if ('status' in who) return who;
  const form = parseExtensionForm(values);
  if (!form.ok) return { status: 'error', message: form.message, fieldErrors: form.fieldErrors };
  const outcome = await saveExtension(getPrisma(), who.course.id, form.data);
  if (outcome === 'lesson-not-found') return { status: 'error', message: 'That lesson is not in this course.', fieldErrors: { lessonId: 'Choose a lesson of this course.' } };
  if (outcome === 'not-a-student') return { status: 'error', message: 'Only students of this course get extensions.', fieldErrors: { userId: 'Choose a student of this course.' } };
  settingsChanged(who.course.slug);
  return { status: 'ok', message: 'Extension saved.' };
}

/** Removes an extension of this course. */
export async function deleteExtension(course: string, extensionId: unknown): Promise<ManageState> {
  const who = await staff(course);
  if ('status' in who) return who;
  const id = z.string().min(1).max(100).safeParse(extensionId);
  if (!id.success) return BAD_FORM;
  if ((await removeExtension(getPrisma(), who.course.id, id.data)) !== 'removed') return { status: 'error', message: 'That extension is gone already.' };
  settingsChanged(who.course.slug);
  return { status: 'ok', message: 'Extension removed.' };
}

/** What the regrade actions answer. */
export type RegradeResponse = { status: 'done'; report: Extract<RegradeReport, { status: 'ok' }> } | ManageState;

async function runRegrade(course: string, values: unknown, apply: boolean): Promise<RegradeResponse> {
  const who = await staff(course);
  if ('status' in who) return who;
  const form = parseRegradeForm(values);
  if (!form.ok) return { status: 'error', message: form.message, fieldErrors: form.fieldErrors };
  const report = await regrade(getPrisma(), { courseId: who.course.id, exerciseKey: form.exerciseKey, reason: form.reason, actorId: who.user.id, apply });
  if (report.status !== 'ok') return { status: 'error', message: 'This course has no such exercise.', fieldErrors: { exerciseKey: 'Choose an exercise of this course.' } };
  if (apply) {
    revalidatePath(`/teach/${who.course.slug}/regrade`);
    revalidatePath('/dashboard');
  }
  return { status: 'done', report };
}

/** Grades the attempts again and lists what would change, writing nothing (values: exerciseKey, reason). */
export async function previewRegrade(course: string, values: unknown): Promise<RegradeResponse> {
  return runRegrade(course, values, false);
}

/** Grades the attempts again and records every change as a Grade of a new run (values: exerciseKey, reason). */
export async function applyRegrade(course: string, values: unknown): Promise<RegradeResponse> {
  return runRegrade(course, values, true);
}

/** The changes one past run of this course recorded. */
export async function loadRunChanges(course: string, runId: unknown): Promise<{ status: 'done'; changes: RegradeChange[] } | ManageState> {
  const who = await staff(course);
  if ('status' in who) return who;
  const id = z.string().min(1).max(100).safeParse(runId);
  if (!id.success) return BAD_FORM;
  const changes = await runChanges(getPrisma(), who.course.id, id.data);
  if (!changes) return { status: 'error', message: 'There is no such run in this course.' };
  return { status: 'done', changes };
}

// ─── the LMS page (server/lti) ─────────────────────────────────────────────────

const ScoreForm = z.object({ scoreId: z.string().min(1).max(100) });

/** Sends one LMS score again at once (values: { scoreId }). */
export async function resendLmsScore(course: string, values: unknown): Promise<ManageState> {
  const who = await staff(course);
  if ('status' in who) return who;
  const form = ScoreForm.safeParse(values);
  if (!form.success) return BAD_FORM;
  if (!(await resendScore(getPrisma(), who.course.id, form.data.scoreId))) return { status: 'error', message: 'There is no such score in this course.' };
  revalidatePath(`/teach/${who.course.slug}/lms`);
  return { status: 'ok', message: 'Queued to send again.' };
}

/** Reads the rosters of the linked LMS courses (NRPS) and enrols their members. */
export async function syncLmsRoster(course: string): Promise<ManageState> {
  const who = await staff(course);
  if ('status' in who) return who;
  const report = await syncRoster(getPrisma(), who.course.id, { secret: authSecret() });
  revalidatePath(`/teach/${who.course.slug}/lms`);
  revalidatePath(`/teach/${who.course.slug}/roster`);
  if (report.contexts === 0) return { status: 'error', message: 'No linked LMS course offers its roster (Names and Role Provisioning) yet: launch Curvature from the LMS course first.' };
  const summary = `Read ${report.members} member${report.members === 1 ? '' : 's'} of ${report.contexts} LMS course${report.contexts === 1 ? '' : 's'}: ${report.created} new account${report.created === 1 ? '' : 's'}, ${report.enrolled} enrolled now.`;
  return report.problems.length ? { status: 'error', message: `${summary} Not read: ${report.problems.join('; ')}` } : { status: 'ok', message: summary };
}
